import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createControllerApp } from '../../../test/support/controller-app';
import { AnswerQuery, Producer, Resolution } from '../../answer-cache/answer-query';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { LlmTimeoutError } from '../../common/errors/llm.errors';
import { CacheConfig } from '../../config/cache.config';
import { Environment } from '../../config/environment';
import { LlmService } from '../../llm/llm.service';
import { ProxyMetrics } from '../proxy-metrics';
import { MessagesController } from './messages.controller';

const stored = { answer: 'Cached answer', question: 'hi', model: 'claude-haiku-4-5', createdAt: Date.now(), tokens: 3 };

/** A relayed resolution whose body yields `bytes`, then fails when `fails`. */
function relayed(bytes: string[], fails = false): Resolution {
  const chunks = (async function* () {
    for (const chunk of bytes) yield Buffer.from(chunk);
    if (fails) throw new Error('socket hang up');
  })();
  return {
    kind: 'relay',
    status: 'MISS',
    key: 'prompt_cache:default:k',
    headers: { 'request-id': 'req_1', 'content-type': 'text/event-stream' },
    body: { [Symbol.asyncIterator]: () => chunks, cancel: () => undefined },
    answer: Promise.resolve(undefined),
  };
}

describe(MessagesController.name, () => {
  let app: NestFastifyApplication;
  const resolve = jest.fn<Promise<Resolution>, [AnswerQuery, Producer]>();
  const request = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers,
      payload: { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], ...body },
    });

  beforeEach(async () => {
    resolve.mockReset();
    app = await createControllerApp(MessagesController, [
      { provide: AnswerCacheService, useValue: { resolve } },
      { provide: LlmService, useValue: {} },
      { provide: ProxyMetrics, useValue: { served: () => undefined } },
      { provide: CacheConfig, useValue: new CacheConfig(new Environment()) },
    ]);
  });
  afterEach(() => app.close());

  it('replays a stored answer as a message with the cache headers', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'prompt_cache:default:k', answer: stored });

    const response = await request({});

    expect(response.headers).toMatchObject({ 'x-cache': 'HIT', 'x-cache-key': 'prompt_cache:default:k' });
    expect(response.json()).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'Cached answer' }],
      stop_reason: 'end_turn',
    });
  });

  it('replays a stored answer as named events when the caller streams', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'COALESCED', key: 'prompt_cache:default:k', answer: stored });

    const response = await request({ stream: true });

    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.body).toMatch(/^event: message_start\ndata: /);
    expect(response.body.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it("ends a relayed stream that breaks off with an error event in Anthropic's shape", async () => {
    resolve.mockResolvedValue(relayed(['event: ping\ndata: {"type":"ping"}\n\n', 'event: content_bl'], true));

    const response = await request({ stream: true });

    expect(response.body).toBe(
      'event: ping\ndata: {"type":"ping"}\n\nevent: content_bl\n\n' +
        'event: error\ndata: {"type":"error","error":{"type":"api_error","message":"socket hang up"}}\n\n',
    );
  });

  it("answers its own errors in Anthropic's shape", async () => {
    resolve.mockRejectedValue(new LlmTimeoutError('The upstream did not answer in time (LLM_TIMEOUT_MS)'));

    const invalid = await request({ messages: [{ role: 'system', content: 'x' }] });
    const timedOut = await request({});

    expect(invalid.statusCode).toBe(400);
    const body = invalid.json<{ type: string; error: { type: string; message: string } }>();
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(Object.keys(body.error)).toEqual(['type', 'message']);
    expect(body.error.message).toMatch(/role/);
    expect(timedOut.statusCode).toBe(504);
    expect(timedOut.json()).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
  });

  it('asks the cache with the request and its API headers as the key, in either form', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'k', answer: stored });

    await request({ stream: true, temperature: 1 });
    await request({ temperature: 1 });
    await request({ temperature: 1 }, { 'anthropic-beta': 'x' });

    const [streamed, whole, beta] = resolve.mock.calls.map(([query]) => query);
    expect(streamed).toMatchObject({ stream: true, coalescable: false, question: 'hi', namespace: 'default' });
    expect(streamed.key).toMatch(/^prompt_cache:default:[0-9a-f]{64}$/);
    expect(whole.stream).toBe(false);
    expect(whole.key).toBe(streamed.key);
    expect(beta.key).not.toBe(whole.key);
  });
});
