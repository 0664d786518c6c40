import { DomainError } from './domain-error';

/** The request's deadline (REQUEST_TIMEOUT_MS) passed before its answer began. */
export class RequestTimeoutError extends DomainError {
  readonly code = 'E_REQUEST_TIMEOUT';
}
