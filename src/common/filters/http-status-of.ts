import { HttpStatus } from '@nestjs/common';
import { DomainErrorCode } from '../errors/domain-error';

/** The one place that maps a domain error code to HTTP; the `never` check makes it exhaustive. */
export function httpStatusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case 'E_INVALID_REQUEST':
      return HttpStatus.BAD_REQUEST;
    case 'E_UNAUTHORIZED':
      return HttpStatus.UNAUTHORIZED;
    case 'E_FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'E_PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'E_RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'E_LLM_NOT_CONFIGURED':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'E_LLM_UPSTREAM':
      return HttpStatus.BAD_GATEWAY;
    case 'E_LLM_TIMEOUT':
    case 'E_REQUEST_TIMEOUT':
      return HttpStatus.GATEWAY_TIMEOUT;
    case 'E_LLM_UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unhandled: never = code;
      throw new Error(`Unmapped domain error code ${String(unhandled)}`);
    }
  }
}
