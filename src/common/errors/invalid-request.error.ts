import { DomainError } from './domain-error';

/** The request is malformed; the message names the offending field. */
export class InvalidRequestError extends DomainError {
  readonly code = 'E_INVALID_REQUEST';
}
