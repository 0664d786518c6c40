import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

describe('POST /ask with EMBED_PROVIDER=openai', () => {
  // The fake embeds a bag of characters: the Chinese paraphrase scores 0.65, unrelated text under 0.1.
  // 500 ms: under the 1000 ms delay of the slow-embedder test, with room for a first request that
  // waits on a garbage collection of a jest worker that has run a hundred files before this one.
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_SIM_THRESHOLD: '0.6', EMBED_TIMEOUT_MS: '500' });

  it('embeds each new question once and serves the paraphrase with no chat call', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    const paraphrase = await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.body.source).toBe('semantic_cache');
    expect(upstream.calls).toMatchObject({ chat: 1, embeddings: 2 });
    expect(upstream.requests.find((r) => r.endpoint === 'embeddings')?.body).toMatchObject({
      model: 'text-embedding-3-small',
    });
  });

  it('never embeds the same text twice: a refresh reuses the cached embedding', async () => {
    await ask(app(), { question: 'What is a cache?' }).expect(200);
    const refresh = await ask(app(), { question: 'What is a cache?', cacheControl: 'no-cache' }).expect(200);
    expect(refresh.headers['x-cache']).toBe('REFRESH');
    expect(upstream.calls).toMatchObject({ chat: 2, embeddings: 1 });
    const json = (await request(app().getHttpServer()).get('/metrics/json')).body;
    expect(json.storeErrors).toBe(0);
    expect(json.lookups.embedderCache).toMatchObject({ hits: 1, misses: 1 });
  });

  it('serves the question from the LLM when the embedder fails, and counts the failure', async () => {
    upstream.failNext('embeddings', 500);
    const response = await ask(app(), { question: 'What is a cache?' }).expect(200);
    expect(response.body.source).toBe('llm');
    const json = (await request(app().getHttpServer()).get('/metrics/json')).body;
    expect(json.storeErrors).toBe(1);
    expect(json.lookups.semantic.misses).toBe(1);
  });

  it('treats an embedder slower than EMBED_TIMEOUT_MS as a miss, not an error', async () => {
    upstream.delay('embeddings', 1000);
    const started = Date.now();
    const response = await ask(app(), { question: 'What is a cache?' }).expect(200);
    expect(response.body.source).toBe('llm');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('POST /ask with EMBED_PROVIDER=openai and EMBED_DIMENSIONS', () => {
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'openai', EMBED_DIMENSIONS: '16' });

  it('asks the upstream for vectors of EMBED_DIMENSIONS', async () => {
    await ask(app(), { question: 'What is a cache?' }).expect(200);

    expect(upstream.requests.find((r) => r.endpoint === 'embeddings')?.body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 16,
    });
  });
});
