import { LlmNotConfiguredError, LlmTimeoutError, LlmUpstreamError } from '../common/errors/llm.errors';
import { RequestTimeoutError } from '../common/errors/request-timeout.error';
import { isUpstreamFault } from './upstream-fault';
import { UpstreamHttpError } from './upstream-http.error';

const http = (status: number) => new UpstreamHttpError(status, { error: { message: 'x' } });

describe('isUpstreamFault', () => {
  it.each([500, 502, 503, 504])('counts an upstream %i', (status) => {
    expect(isUpstreamFault(http(status))).toBe(true);
  });

  it('counts timeouts and connection failures', () => {
    expect(isUpstreamFault(new LlmTimeoutError('slow'))).toBe(true);
    expect(isUpstreamFault(new RequestTimeoutError('slow'))).toBe(true);
    expect(isUpstreamFault(new LlmUpstreamError('ECONNREFUSED'))).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422, 429])("never counts a %i, which is the caller's", (status) => {
    expect(isUpstreamFault(http(status))).toBe(false);
  });

  it('does not count a call the caller aborted, nor a missing configuration', () => {
    expect(isUpstreamFault(new DOMException('This operation was aborted', 'AbortError'))).toBe(false);
    expect(isUpstreamFault(new LlmNotConfiguredError())).toBe(false);
  });
});
