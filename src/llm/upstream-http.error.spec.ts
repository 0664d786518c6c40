import { openAiErrorBody } from './upstream-http.error';

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
