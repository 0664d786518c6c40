import { DomainError } from './domain-error';

/** No upstream is configured, so a cache miss cannot be answered. */
export class LlmNotConfiguredError extends DomainError {
  readonly code = 'E_LLM_NOT_CONFIGURED';
  constructor(
    message = 'No LLM is configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for an OpenAI-compatible server) to answer cache misses',
  ) {
    super(message);
  }
}

/** The upstream answered with an error or could not be reached. */
export class LlmUpstreamError extends DomainError {
  readonly code = 'E_LLM_UPSTREAM';
  constructor(
    message: string,
    readonly upstreamStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The upstream did not answer within LLM_TIMEOUT_MS (after retries). */
export class LlmTimeoutError extends DomainError {
  readonly code = 'E_LLM_TIMEOUT';
}

/**
 * The upstream's circuit breaker is open after consecutive failures: the call is not even tried,
 * so the caller learns at once rather than after a timeout.
 */
export class LlmUnavailableError extends DomainError {
  readonly code = 'E_LLM_UNAVAILABLE';
  constructor(
    message: string,
    /** Whole seconds until the breaker lets a probe call through (the `retry-after` header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
