import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createControllerApp } from '../../../test/support/controller-app';
import { AnswerQuery, Producer, Resolution } from '../../answer-cache/answer-query';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { CacheConfig } from '../../config/cache.config';
import { Environment } from '../../config/environment';
import { LlmService } from '../../llm/llm.service';
import { ProxyMetrics } from '../proxy-metrics';
import { ResponsesController } from './responses.controller';

const stored = {
  answer: 'Cached answer',
  question: 'hi',
  model: 'gpt-4o-mini',
  createdAt: Date.now(),
  tokens: 3,
  usage: { prompt: 1, completion: 3, total: 4 },
  itemId: 'msg_upstream',
};

/** A relayed resolution whose body yields the given pieces, then fails when `failure` is given. */
function relayed(status: 'MISS' | 'BYPASS', pieces: string[], failure?: Error): Resolution {
  const chunks = (async function* () {
    for (const piece of pieces) yield Buffer.from(piece);
    if (failure) throw failure;
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

describe(ResponsesController.name, () => {
  let app: NestFastifyApplication;
  const resolve = jest.fn<Promise<Resolution>, [AnswerQuery, Producer]>();
  const request = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/v1/responses', payload: { model: 'gpt-4o-mini', input: 'hi', ...body } });

  beforeEach(async () => {
    resolve.mockReset();
    app = await createControllerApp(ResponsesController, [
      { provide: AnswerCacheService, useValue: { resolve } },
      { provide: LlmService, useValue: {} },
      { provide: ProxyMetrics, useValue: { served: () => undefined } },
      { provide: CacheConfig, useValue: new CacheConfig(new Environment()) },
    ]);
  });
  afterEach(() => app.close());

  it('replays a stored answer as a completed Response with a fresh id, the stored item id and usage', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'prompt_cache:default:k', answer: stored });

    const [first, second] = [await request({}), await request({})];

    expect(first.headers).toMatchObject({ 'x-cache': 'HIT', 'x-cache-key': 'prompt_cache:default:k' });
    expect(first.json()).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [{ type: 'message', id: 'msg_upstream', content: [{ type: 'output_text', text: 'Cached answer' }] }],
      usage: { input_tokens: 1, output_tokens: 3, total_tokens: 4 },
    });
    const idOf = (response: typeof first) => response.json<{ id: string }>().id;
    expect(idOf(first)).toMatch(/^resp_cache_[0-9a-f]+$/);
    expect(idOf(second)).not.toBe(idOf(first));
  });

  it('replays a stored answer as named events ending with response.completed when the caller streams', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'SEMANTIC_HIT', key: 'embed_cache:default:e', answer: stored });

    const response = await request({ stream: true });

    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['x-cache']).toBe('SEMANTIC_HIT');
    expect(response.body.startsWith('event: response.created\ndata: {')).toBe(true);
    expect(response.body).toMatch(/event: response\.completed\ndata: \{[^\n]*"text":"Cached answer"[^\n]*\}\n\n$/);
    expect(response.body).not.toMatch(/\[DONE\]/);
  });

  it('asks the cache with one key for both forms, and the form wanted', async () => {
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'k', answer: stored });

    await request({ stream: true, temperature: 1 });
    await request({ temperature: 1 });

    const [streamed, whole] = resolve.mock.calls.map(([query]) => query);
    expect(streamed).toMatchObject({ stream: true, coalescable: false, question: 'hi', namespace: 'default' });
    expect(streamed.key).toMatch(/^prompt_cache:default:[0-9a-f]{64}$/);
    expect(whole.stream).toBe(false);
    expect(whole.key).toBe(streamed.key);
  });

  it('relays the upstream bytes with the cache headers, and a broken stream ends with an error event', async () => {
    resolve.mockResolvedValueOnce(relayed('BYPASS', ['{"id":"resp_1"}']));
    resolve.mockResolvedValueOnce(relayed('MISS', ['event: response.created\ndata: {}\n\n'], new Error('reset')));

    const json = await request({ previous_response_id: 'resp_0' });
    const stream = await request({ stream: true });

    expect(json.body).toBe('{"id":"resp_1"}');
    expect(json.headers).toMatchObject({ 'x-request-id': 'req_1', 'x-cache': 'BYPASS' });
    expect(stream.body).toMatch(/\n\nevent: error\ndata: \{"type":"error","code":"server_error","message":"reset"/);
  });

  it('refuses an input that is neither a string nor a list of items, in the OpenAI error shape', async () => {
    const response = await request({ input: 42 });

    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: unknown }>().error).toMatchObject({ type: 'invalid_request_error' });
    expect(resolve).not.toHaveBeenCalled();
  });
});
