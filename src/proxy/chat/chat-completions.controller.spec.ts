import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createControllerApp } from '../../../test/support/controller-app';
import { AnswerQuery, Producer, Resolution } from '../../answer-cache/answer-query';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { CacheConfig } from '../../config/cache.config';
import { Environment } from '../../config/environment';
import { LlmService } from '../../llm/llm.service';
import { ProxyMetrics } from '../proxy-metrics';
import { ChatCompletionsController } from './chat-completions.controller';

const stored = { answer: 'Cached answer', question: 'hi', model: 'gpt-4o-mini', createdAt: Date.now(), tokens: 3 };

/** A relayed resolution whose body is the given bytes. */
function relayed(status: 'MISS' | 'COALESCED', bytes: string[]): Resolution {
  const chunks = (async function* () {
    for (const chunk of bytes) yield Buffer.from(chunk);
  })();
  return {
    kind: 'relay',
    status,
    key: 'prompt_cache:default:k',
    headers: { 'x-request-id': 'req_1', 'content-type': 'application/json' },
    body: { [Symbol.asyncIterator]: () => chunks, cancel: () => undefined },
    answer: Promise.resolve(undefined),
  };
}

describe(ChatCompletionsController.name, () => {
  let app: NestFastifyApplication;
  const resolve = jest.fn<Promise<Resolution>, [AnswerQuery, Producer]>();
  const request = (body: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...body },
    });

  beforeEach(async () => {
    resolve.mockReset();
    app = await createControllerApp(ChatCompletionsController, [
      { provide: AnswerCacheService, useValue: { resolve } },
      { provide: LlmService, useValue: {} },
      { provide: ProxyMetrics, useValue: { served: () => undefined } },
      { provide: CacheConfig, useValue: new CacheConfig(new Environment()) },
    ]);
  });
  afterEach(() => app.close());

  it('replays a stored answer as a chat.completion with the cache headers', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'prompt_cache:default:k', answer: stored });

    const response = await request({});

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'x-cache': 'HIT', 'x-cache-key': 'prompt_cache:default:k' });
    expect(response.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: 'Cached answer' } }],
    });
  });

  it('replays a stored answer as an event stream when the caller streams', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'COALESCED', key: 'prompt_cache:default:k', answer: stored });

    const response = await request({ stream: true });

    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['x-cache']).toBe('COALESCED');
    expect(response.body).toMatch(/"content":"Cached answer"/);
    expect(response.body.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it("relays the upstream's bytes and headers as they came, with the cache headers", async () => {
    const completion = '{"id":"chatcmpl-1","choices":[{"message":{"content":"Fresh"}}]}';
    resolve.mockResolvedValue(relayed('MISS', [completion.slice(0, 10), completion.slice(10)]));

    const response = await request({});

    expect(response.body).toBe(completion);
    expect(response.headers).toMatchObject({ 'x-request-id': 'req_1', 'x-cache': 'MISS' });
  });

  it('relays a stream event by event', async () => {
    resolve.mockResolvedValue(relayed('COALESCED', ['data: {"choices":[]}\n\n', 'data: [DONE]\n\n']));

    const response = await request({ stream: true });

    expect(response.body).toBe('data: {"choices":[]}\n\ndata: [DONE]\n\n');
    expect(response.headers['x-cache']).toBe('COALESCED');
  });

  it('asks the cache with the request as the key, the form wanted, and whether it may be merged', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'k', answer: stored });

    await request({ stream: true, temperature: 1 });
    await request({ temperature: 1 });

    const [streamed, whole] = resolve.mock.calls.map(([query]) => query);
    expect(streamed).toMatchObject({ stream: true, coalescable: false, question: 'hi', namespace: 'default' });
    expect(streamed.key).toMatch(/^prompt_cache:default:[0-9a-f]{64}$/);
    // `stream` changes the delivery, not the answer: both forms share one key (and one flight).
    expect(whole.stream).toBe(false);
    expect(whole.key).toBe(streamed.key);
  });
});
