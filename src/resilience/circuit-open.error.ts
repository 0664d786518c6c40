/** A call refused without being tried: the dependency's circuit breaker is open, or its probe call is under way. */
export class CircuitOpenError extends Error {
  constructor(
    readonly dependency: string,
    /** Milliseconds until the breaker lets a probe call through (0: one may be under way now). */
    readonly retryAfterMs: number,
  ) {
    super(`The ${dependency} circuit breaker is open after consecutive failures`);
    this.name = 'CircuitOpenError';
  }
}
