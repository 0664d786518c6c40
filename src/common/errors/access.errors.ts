import { DomainError } from './domain-error';

/** No API key, or one the service does not know. */
export class UnauthorizedError extends DomainError {
  readonly code = 'E_UNAUTHORIZED';
}

/** A known caller asked for what its key does not allow (another namespace, a model, an admin action). */
export class ForbiddenError extends DomainError {
  readonly code = 'E_FORBIDDEN';
}

/** The caller's key has used up its requests for the current window. */
export class RateLimitedError extends DomainError {
  readonly code = 'E_RATE_LIMITED';
  constructor(
    message: string,
    /** Whole seconds until the key may ask again (the `retry-after` header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
