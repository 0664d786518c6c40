import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

/** One deadline per request: the embedding, the lookups and the upstream call share REQUEST_TIMEOUT_MS. */
describe('Request deadline', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const start = async (env: Record<string, string>) => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, ...env });
    return app;
  };
  const llmCalls = async (outcome: string) => {
    const metrics = await request(app!.getHttpServer()).get('/metrics').expect(200);
    return Number(
      new RegExp(`llm_cache_llm_calls_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics.text)?.[1] ?? 0,
    );
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('answers 504 E_LLM_TIMEOUT when the upstream has not answered within LLM_TIMEOUT_MS', async () => {
    const service = await start({ LLM_TIMEOUT_MS: '2000' });
    upstream.hold('chat');

    const response = await ask(service, { question: 'Is anyone there?' }).expect(504);

    expect(response.body).toMatchObject({ code: 'E_LLM_TIMEOUT', message: expect.stringMatching(/LLM_TIMEOUT_MS/) });
    expect(upstream.calls).toMatchObject({ embeddings: 1, chat: 1 });
    expect(await llmCalls('timeout')).toBe(1);
  });

  it('answers 504 E_REQUEST_TIMEOUT when the request deadline comes before LLM_TIMEOUT_MS', async () => {
    const service = await start({ LLM_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '1500' });
    upstream.hold('chat');

    const response = await request(service.getHttpServer())
      .post('/v1/chat/completions')
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Is anyone there?' }] })
      .expect(504);

    expect(response.body.error).toMatchObject({
      type: 'timeout',
      code: 'E_REQUEST_TIMEOUT',
      message: expect.stringMatching(/REQUEST_TIMEOUT_MS/),
    });
    expect(upstream.calls.chat).toBe(1);
  });

  it('caps the embedding wait at the deadline: a hung embedder used it all, so the upstream is never called', async () => {
    const service = await start({ EMBED_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '1500' });
    upstream.hold('embeddings');

    const response = await ask(service, { question: 'Is the embedder there?' }).expect(504);

    expect(response.body).toMatchObject({ code: 'E_REQUEST_TIMEOUT' });
    expect(upstream.calls).toMatchObject({ embeddings: 1, chat: 0 });
    const json = (await request(service.getHttpServer()).get('/metrics/json')).body;
    expect(json.storeErrors).toBe(1); // the embedding timed out, at the deadline rather than EMBED_TIMEOUT_MS
  });
});
