import { Deadline } from '../common/deadline';
import { LlmTimeoutError, LlmUpstreamError } from '../common/errors/llm.errors';
import { UpstreamHttpError } from './upstream-http.error';
import { retryDelayMs, withRetries } from './upstream-retry';

const http = (status: number, headers: Record<string, string> = {}) =>
  new UpstreamHttpError(status, { error: { message: `injected ${status}` } }, headers);
const noJitter = () => 0;

describe('retryDelayMs', () => {
  it('retries 408, 409, 429 and 5xx with exponential backoff, as the openai SDK does', () => {
    expect([408, 409, 429, 500, 503].map((status) => retryDelayMs(http(status), 0, noJitter))).toEqual([
      500, 500, 500, 500, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(http(500), retry, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 8000,
    ]);
  });

  it('takes off up to a quarter as jitter', () => {
    expect(retryDelayMs(http(500), 0, () => 1)).toBe(375);
  });

  it('does not retry other 4xx', () => {
    expect([400, 401, 403, 404, 422].map((status) => retryDelayMs(http(status), 0))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('obeys x-should-retry either way', () => {
    expect(retryDelayMs(http(500, { 'x-should-retry': 'false' }), 0)).toBeUndefined();
    expect(retryDelayMs(http(400, { 'x-should-retry': 'true' }), 0, noJitter)).toBe(500);
  });

  it('waits what retry-after-ms, retry-after in seconds or as a date asks, 0 included', () => {
    expect(retryDelayMs(http(429, { 'retry-after-ms': '120', 'retry-after': '9' }), 0)).toBe(120);
    expect(retryDelayMs(http(429, { 'retry-after': '2' }), 0)).toBe(2000);
    expect(retryDelayMs(http(429, { 'retry-after': '0' }), 0)).toBe(0);
    expect(retryDelayMs(http(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }), 0)).toBeGreaterThan(
      50_000,
    );
  });

  it('backs off from a retry-after it cannot read', () => {
    expect(retryDelayMs(http(503, { 'retry-after': 'soon' }), 0, noJitter)).toBe(500);
  });

  it('retries a connection failure, not a timeout', () => {
    expect(retryDelayMs(new LlmUpstreamError('ECONNRESET'), 0, noJitter)).toBe(500);
    expect(retryDelayMs(new LlmTimeoutError('slow'), 0)).toBeUndefined();
  });
});

describe('withRetries', () => {
  const failing = (...errors: Error[]) => {
    const attempt = jest.fn(() => {
      const error = errors.shift();
      return error ? Promise.reject(error) : Promise.resolve('answer');
    });
    return attempt;
  };

  it('retries until the attempt succeeds', async () => {
    const attempt = failing(http(429, { 'retry-after': '0' }), http(503, { 'retry-after-ms': '1' }));

    await expect(withRetries(attempt, { maxRetries: 2, deadline: Deadline.after(10_000, 'llm') })).resolves.toBe(
      'answer',
    );
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('stops after maxRetries and throws the last error', async () => {
    const last = http(500, { 'retry-after': '0' });
    const attempt = failing(http(500, { 'retry-after': '0' }), last);

    await expect(withRetries(attempt, { maxRetries: 1, deadline: Deadline.after(10_000, 'llm') })).rejects.toBe(last);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the upstream says x-should-retry: false', async () => {
    const attempt = failing(http(500, { 'x-should-retry': 'false' }));

    await expect(withRetries(attempt, { maxRetries: 2, deadline: Deadline.after(10_000, 'llm') })).rejects.toThrow(
      /500/,
    );
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up rather than wait past the deadline', async () => {
    const attempt = failing(http(429, { 'retry-after': '30' }));

    await expect(withRetries(attempt, { maxRetries: 2, deadline: Deadline.after(10_000, 'llm') })).rejects.toThrow(
      /429/,
    );
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('ends a pending delay when the caller aborts', async () => {
    const aborted = new AbortController();
    const attempt = failing(http(429, { 'retry-after': '5' }));

    const result = withRetries(attempt, {
      maxRetries: 2,
      deadline: Deadline.after(60_000, 'llm'),
      signal: aborted.signal,
    });
    await new Promise((resolve) => setImmediate(resolve)); // the attempt has failed: the 5 s delay is under way
    aborted.abort();

    await expect(result).rejects.toThrow(/429/);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
