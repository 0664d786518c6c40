/**
 * Stable codes clients can branch on. Adding a code forces the exception filter's
 * exhaustive switch to decide its HTTP status (the build fails otherwise).
 */
export type DomainErrorCode =
  | 'E_INVALID_REQUEST'
  | 'E_UNAUTHORIZED'
  | 'E_FORBIDDEN'
  | 'E_PAYLOAD_TOO_LARGE'
  | 'E_RATE_LIMITED'
  | 'E_LLM_NOT_CONFIGURED'
  | 'E_LLM_UPSTREAM'
  | 'E_LLM_TIMEOUT'
  | 'E_LLM_UNAVAILABLE'
  | 'E_REQUEST_TIMEOUT';

/** Base of every error the service raises on purpose; services throw these, never HttpException. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
