import request from 'supertest';
import { MAX_JSON_DEPTH } from '../../src/common/json-body-parser';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const schema = { type: 'object', properties: { constructor: { type: 'string' } } };
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('request bodies the service refuses, in each route’s error shape', () => {
  const { upstream, app } = useAppWithFakeUpstream({ BODY_LIMIT_BYTES: '4096' }, { perFile: true });
  const post = (path: string, text: string, contentType = 'application/json') =>
    request(app().getHttpServer()).post(path).set('content-type', contentType).send(text);

  it.each([
    ['/ask', `{"question": ${nested(1_500)}}`],
    ['/v1/chat/completions', `{"model": "m", "messages": [{"role": "user", "content": "hi"}], "x": ${nested(1_500)}}`],
    ['/v1/embeddings', `{"model": "m", "input": ${nested(1_500)}}`],
  ])('answers 400 on %s for JSON nested deeper than the limit, without calling the upstream', async (path, text) => {
    const response = await post(path, text).expect(400);

    const message = path === '/ask' ? response.body.message : response.body.error.message;
    expect(message).toBe(`request body must not nest arrays and objects over ${MAX_JSON_DEPTH} deep`);
    expect(upstream.calls).toMatchObject({ chat: 0, embeddings: 0 });
  });

  it('forwards a body nested exactly as deep as the limit, and refuses one level more', async () => {
    const nestedIn = (levels: number) => JSON.stringify({ ...chat, metadata: JSON.parse(nested(levels)) as unknown });

    await post('/v1/chat/completions', nestedIn(MAX_JSON_DEPTH - 1)).expect(200);
    await post('/v1/chat/completions', nestedIn(MAX_JSON_DEPTH)).expect(400);
  });

  it.each([
    ['invalid JSON', '{"model": ', 'application/json', 400, 'E_INVALID_REQUEST', /not valid JSON/],
    [
      'a body over BODY_LIMIT_BYTES',
      JSON.stringify({ ...chat, user: 'x'.repeat(5000) }),
      'application/json',
      413,
      'E_PAYLOAD_TOO_LARGE',
      /too large/,
    ],
    [
      'a form-encoded body',
      'model=m',
      'application/x-www-form-urlencoded',
      415,
      'E_UNSUPPORTED_MEDIA_TYPE',
      /Unsupported Media Type/,
    ],
    [
      'a __proto__ key',
      '{"model": "m", "messages": [], "__proto__": {"x": 1}}',
      'application/json',
      400,
      'E_INVALID_REQUEST',
      /must not contain the keys __proto__ or constructor.prototype/,
    ],
  ])('answers %s on /v1 in OpenAI’s shape', async (_case, text, contentType, status, code, message) => {
    const response = await post('/v1/chat/completions', text, contentType).expect(status);

    expect(response.body).toEqual({
      error: { message: expect.stringMatching(message), type: 'invalid_request_error', param: null, code },
    });
  });

  it('relays the upstream’s error for an unknown /v1 route, and answers any other in the service’s shape', async () => {
    const v1 = await request(app().getHttpServer()).get('/v1/nope').expect(404);
    const other = await request(app().getHttpServer()).get('/nope').expect(404);

    expect(v1.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(v1.body.error.code).not.toBe('E_NOT_FOUND');
    expect(other.body).toMatchObject({ statusCode: 404, code: 'E_NOT_FOUND' });
  });

  it('answers the same refusals on /ask in the service’s shape', async () => {
    const form = await post('/ask', 'question=hi', 'application/x-www-form-urlencoded').expect(415);
    const proto = await post('/ask', '{"question": "hi", "__proto__": {"polluted": 1}}').expect(400);

    expect(form.body).toMatchObject({ statusCode: 415, code: 'E_UNSUPPORTED_MEDIA_TYPE' });
    expect(proto.body).toMatchObject({ code: 'E_INVALID_REQUEST', message: expect.stringMatching(/__proto__/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a constructor field of /ask with 400 naming it', async () => {
    const response = await post('/ask', '{"question": "hi", "constructor": null}').expect(400);

    expect(response.body).toMatchObject({
      code: 'E_INVALID_REQUEST',
      message: 'property constructor should not exist',
    });
  });

  it('forwards a chat request whose tool schema has a property named constructor', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'f', parameters: { type: 'object', properties: { constructor: { type: 'string' } } } },
      },
    ];

    await post('/v1/chat/completions', JSON.stringify({ ...chat, tools })).expect(200);
    expect(upstream.requests.at(-1)?.body.tools).toEqual(tools);
  });

  it.each([
    [
      '/v1/responses',
      { model: 'gpt-4o-mini', input: 'hi', tools: [{ type: 'function', name: 'f', parameters: schema }] },
    ],
    [
      '/v1/messages',
      {
        model: 'claude-haiku-4-5',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ name: 'f', input_schema: schema }],
      },
    ],
  ])('forwards a %s request whose tool schema has a property named constructor', async (path, body) => {
    const response = await post(path, JSON.stringify(body));

    // The fake's Anthropic API wants a key this app does not send: its 401 still proves the request got through.
    expect([200, 401]).toContain(response.status);
    expect(upstream.requests.at(-1)?.body.tools).toEqual(body.tools);
  });

  it.each([
    ['/v1/responses', { model: 'gpt-4o-mini', input: [{ role: 'user', content: 'hi', constructor: null }] }],
    ['/v1/messages', { model: 'c', max_tokens: 16, messages: [{ role: 'user', content: 'hi', constructor: null }] }],
  ])('never answers 500 to a %s message with a constructor key', async (path, body) => {
    const response = await post(path, JSON.stringify(body));
    expect(response.status).toBeLessThan(500);
  });

  it('answers 400 naming temperature or n when no comparison can convert them', async () => {
    const inconvertible = { toString: 1, valueOf: 1 };
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ ...chat, temperature: inconvertible, n: inconvertible }),
    ).expect(400);

    expect(response.body.error.message).toMatch(/temperature must be a number.*n must be an integer/);
  });
});
