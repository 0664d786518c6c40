import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createControllerApp } from '../../../test/support/controller-app';
import { AnswerQuery, Producer, Resolution } from '../../answer-cache/answer-query';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { CacheConfig } from '../../config/cache.config';
import { Environment } from '../../config/environment';
import { LlmService } from '../../llm/llm.service';
import { ProxyMetrics } from '../proxy-metrics';
import { EmbeddingsController } from './embeddings.controller';

const vectors = '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}]}';

describe(EmbeddingsController.name, () => {
  let app: NestFastifyApplication;
  const resolve = jest.fn<Promise<Resolution>, [AnswerQuery, Producer]>();
  const embed = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/embeddings', payload: payload as object, headers });

  beforeEach(async () => {
    resolve.mockReset();
    app = await createControllerApp(EmbeddingsController, [
      { provide: AnswerCacheService, useValue: { resolve } },
      { provide: LlmService, useValue: {} },
      { provide: ProxyMetrics, useValue: { served: () => undefined } },
      { provide: CacheConfig, useValue: new CacheConfig(new Environment()) },
    ]);
  });
  afterEach(() => app.close());

  it('sends a stored answer as the JSON it was, with the cache headers', async () => {
    const answer = { answer: vectors, question: '', model: 'text-embedding-3-small', createdAt: Date.now(), tokens: 0 };
    resolve.mockResolvedValue({ kind: 'replay', status: 'HIT', key: 'embeddings_cache:default:k', answer });

    const response = await embed({ model: 'text-embedding-3-small', input: 'hi' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(vectors);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers).toMatchObject({
      'x-cache': 'HIT',
      'x-cache-key': 'embeddings_cache:default:k',
    });
  });

  it('keys the request under its own prefix and namespace, whatever the `user`, exact layer only', async () => {
    resolve.mockResolvedValue({
      kind: 'replay',
      status: 'HIT',
      key: 'k',
      answer: { answer: vectors, question: '', model: 'm', createdAt: 0, tokens: 0 },
    });

    await embed({ model: 'm', input: 'hi', user: 'alice' }, { 'x-cache-namespace': 'docs' });
    await embed({ model: 'm', input: 'hi', user: 'bob' }, { 'x-cache-namespace': 'docs' });

    const [alice, bob] = resolve.mock.calls.map(([query]) => query);
    expect(alice.key).toMatch(/^embeddings_cache:docs:[0-9a-f]{64}$/);
    expect(bob.key).toBe(alice.key);
    expect(alice.semanticAllowed).toBe(false);
  });

  it('answers 400 in OpenAI error shape when the body is not a JSON object', async () => {
    const response = await embed([1, 2]);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { message: expect.stringMatching(/JSON object/) as string } });
    expect(resolve).not.toHaveBeenCalled();
  });
});
