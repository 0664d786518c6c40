import { Injectable, Logger } from '@nestjs/common';
import { ResilienceConfig } from '../config/resilience.config';
import { CircuitDependency } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';
import { CircuitBreaker, CircuitStateName } from './circuit-breaker';

/**
 * The circuit breakers of the service's dependencies, one each, with the thresholds of
 * CIRCUIT_FAILURE_THRESHOLD and CIRCUIT_HALF_OPEN_AFTER_MS; their states go to the metrics, the
 * log and /health/ready.
 */
@Injectable()
export class CircuitBreakers {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly breakers = new Map<CircuitDependency, CircuitBreaker>();

  constructor(
    private readonly config: ResilienceConfig,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * The breaker of `dependency`, made on first use. Its owner (the module that calls the dependency)
   * asks for it once and says which errors are the dependency's failures (default: all).
   */
  for(dependency: CircuitDependency, isFailure?: (error: unknown) => boolean): CircuitBreaker {
    let breaker = this.breakers.get(dependency);
    if (!breaker) {
      breaker = new CircuitBreaker(dependency, {
        failureThreshold: this.config.circuitFailureThreshold,
        halfOpenAfterMs: this.config.circuitHalfOpenAfterMs,
        isFailure,
        onStateChange: (state) => this.changed(dependency, state),
      });
      this.breakers.set(dependency, breaker);
      this.metrics.recordCircuitState(dependency, 'closed');
    }
    return breaker;
  }

  /** The state of every breaker in use. */
  states(): Partial<Record<CircuitDependency, CircuitStateName>> {
    return Object.fromEntries([...this.breakers].map(([dependency, breaker]) => [dependency, breaker.state]));
  }

  private changed(dependency: CircuitDependency, state: CircuitStateName): void {
    this.metrics.recordCircuitState(dependency, state);
    if (state === 'open')
      this.logger.warn(
        `The ${dependency} circuit is open after consecutive failures: not calling it for ${this.config.circuitHalfOpenAfterMs} ms`,
      );
    else if (state === 'closed') this.logger.log(`The ${dependency} circuit is closed again: its probe call succeeded`);
  }
}
