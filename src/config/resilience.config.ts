import { Environment } from './environment';

/** Deadlines, circuit breakers and graceful shutdown (see {@link Environment} for units and defaults). */
export class ResilienceConfig {
  /** REQUEST_TIMEOUT_MS, else LLM_TIMEOUT_MS + EMBED_TIMEOUT_MS. */
  readonly requestTimeoutMs: number;
  /** Consecutive failures that open a breaker; 0 = breakers never open. */
  readonly circuitFailureThreshold: number;
  readonly circuitHalfOpenAfterMs: number;
  readonly shutdownDrainMs: number;
  /** From the signal, the drain included. */
  readonly shutdownGraceMs: number;

  constructor(env: Environment) {
    this.requestTimeoutMs = env.REQUEST_TIMEOUT_MS ?? env.LLM_TIMEOUT_MS + env.EMBED_TIMEOUT_MS;
    this.circuitFailureThreshold = env.CIRCUIT_FAILURE_THRESHOLD;
    this.circuitHalfOpenAfterMs = env.CIRCUIT_HALF_OPEN_AFTER_MS;
    this.shutdownDrainMs = env.SHUTDOWN_DRAIN_MS;
    this.shutdownGraceMs = env.SHUTDOWN_GRACE_MS;
  }
}
