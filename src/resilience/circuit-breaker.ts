import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { CircuitStateName } from '../metrics/metrics.constants';
import { CircuitOpenError } from './circuit-open.error';

export type { CircuitStateName };

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; 0 = it never opens (calls go straight through). */
  failureThreshold: number;
  /** Milliseconds an open circuit refuses calls before letting one probe through. */
  halfOpenAfterMs: number;
  /** Which errors count as the dependency failing; others pass through uncounted. Default: every error. */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (state: CircuitStateName) => void;
}

const NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * cockatiel's circuit breaker (a ConsecutiveBreaker) around one dependency, with one change: while
 * its probe call runs, other calls are refused at once instead of waiting for the probe's outcome
 * (cockatiel's own behaviour), so that no caller ever waits on a dependency believed down.
 */
export class CircuitBreaker {
  private readonly policy?: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    readonly dependency: string,
    private readonly options: CircuitBreakerOptions,
  ) {
    if (options.failureThreshold === 0) return;
    this.policy = circuitBreaker(handleWhen(options.isFailure ?? (() => true)), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failureThreshold),
    });
    this.policy.onBreak(() => (this.openedAt = Date.now()));
    this.policy.onStateChange((state) => options.onStateChange?.(NAMES[state]));
  }

  get state(): CircuitStateName {
    return this.policy ? NAMES[this.policy.state] : 'closed';
  }

  /** Runs `fn` unless the circuit is open, counting its outcome; rejects with CircuitOpenError without calling it otherwise. */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.policy) return fn();
    if (this.policy.state === CircuitState.HalfOpen) throw this.refusal();
    try {
      return await this.policy.execute(fn);
    } catch (error) {
      throw error instanceof BrokenCircuitError ? this.refusal() : error;
    }
  }

  /** Milliseconds until an open circuit lets a probe through; 0 when closed or due. */
  retryAfterMs(): number {
    if (this.state !== 'open') return 0;
    return Math.max(0, this.openedAt + this.options.halfOpenAfterMs - Date.now());
  }

  private refusal(): CircuitOpenError {
    return new CircuitOpenError(this.dependency, this.retryAfterMs());
  }
}
