import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

describe('POST /ask with EMBED_PROVIDER=openai', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(async () => {
    upstream.reset();
    // The fake embeds a bag of characters: the paraphrase scores 0.65, unrelated text under 0.1.
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, EMBED_SIM_THRESHOLD: '0.6', EMBED_TIMEOUT_MS: '200' });
  });
  afterEach(async () => {
    await app.close();
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('embeds each new question once and serves the paraphrase with no chat call', async () => {
    await ask(app, { question: '什麼是快取？' }).expect(200);
    const paraphrase = await ask(app, { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.body.source).toBe('semantic_cache');
    expect(upstream.calls).toEqual({ chat: 1, embeddings: 2 });
    expect(upstream.requests.find((r) => r.endpoint === 'embeddings')?.body).toMatchObject({ model: 'text-embedding-3-small' });
  });

  it('serves the question from the LLM when the embedder fails, and counts the failure', async () => {
    upstream.failNext('embeddings', 500);
    const response = await ask(app, { question: 'What is a cache?' }).expect(200);
    expect(response.body.source).toBe('llm');
    const json = (await request(app.getHttpServer()).get('/metrics/json')).body;
    expect(json.storeErrors).toBe(1);
    expect(json.lookups.semantic.misses).toBe(1);
  });

  it('treats an embedder slower than EMBED_TIMEOUT_MS as a miss, not an error', async () => {
    upstream.delay('embeddings', 1000);
    const started = Date.now();
    const response = await ask(app, { question: 'What is a cache?' }).expect(200);
    expect(response.body.source).toBe('llm');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
