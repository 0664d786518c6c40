import { anthropicErrorBody, openAiErrorBody } from './upstream-http.error';

describe(openAiErrorBody.name, () => {
  it("keeps an upstream's own OpenAI error body as it is", () => {
    const body = {
      error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    };
    expect(openAiErrorBody(429, JSON.stringify(body))).toEqual(body);
  });

  it('wraps anything else (an HTML 502 from a gateway) in the OpenAI shape, typed by status', () => {
    expect(openAiErrorBody(502, '<html>Bad Gateway</html>')).toEqual({
      error: { message: '<html>Bad Gateway</html>', type: 'server_error', param: null, code: null },
    });
    expect(openAiErrorBody(404, '{"detail":"no such model"}').error).toMatchObject({
      message: '{"detail":"no such model"}',
      type: 'invalid_request_error',
    });
  });

  it('says which status came back when the body is empty, and keeps long bodies short', () => {
    expect(openAiErrorBody(503, '').error).toMatchObject({ message: 'The upstream answered 503' });
    expect((openAiErrorBody(500, 'x'.repeat(5000)).error as { message: string }).message).toHaveLength(500);
  });
});

describe(anthropicErrorBody.name, () => {
  it("keeps an upstream's own Anthropic error body as it is", () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(anthropicErrorBody(529, JSON.stringify(body))).toEqual(body);
  });

  it("wraps anything else in Anthropic's shape, typed by status as its SDKs expect", () => {
    expect(anthropicErrorBody(502, '<html>Bad Gateway</html>')).toEqual({
      type: 'error',
      error: { type: 'api_error', message: '<html>Bad Gateway</html>' },
    });
    expect(anthropicErrorBody(429, '').error).toEqual({
      type: 'rate_limit_error',
      message: 'The upstream answered 429',
    });
    expect(anthropicErrorBody(401, 'no').error).toMatchObject({ type: 'authentication_error' });
  });
});
