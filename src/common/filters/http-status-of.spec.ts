import { DomainErrorCode } from '../errors/domain-error';
import { httpStatusOf } from './http-status-of';

describe('httpStatusOf', () => {
  it.each<[DomainErrorCode, number]>([
    ['E_INVALID_REQUEST', 400],
    ['E_UNAUTHORIZED', 401],
    ['E_FORBIDDEN', 403],
    ['E_RATE_LIMITED', 429],
    ['E_PAYLOAD_TOO_LARGE', 413],
    ['E_LLM_NOT_CONFIGURED', 503],
    ['E_LLM_UPSTREAM', 502],
    ['E_LLM_TIMEOUT', 504],
    ['E_LLM_UNAVAILABLE', 503],
    ['E_REQUEST_TIMEOUT', 504],
  ])('maps %s to HTTP %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it('throws for a code it does not know rather than guessing a status', () => {
    // Arrange: a code that slipped past the type system (e.g. from a cast).
    const unknownCode = 'E_SOMETHING_NEW' as DomainErrorCode;

    // Act / Assert
    expect(() => httpStatusOf(unknownCode)).toThrow('E_SOMETHING_NEW');
  });
});
