import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';

/** The gauge llm_cache_circuit_state of one dependency: 0 closed, 1 open, 2 half-open. */
async function circuitState(app: NestFastifyApplication, dependency: string): Promise<number | undefined> {
  const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
  const value = new RegExp(`llm_cache_circuit_state\\{dependency="${dependency}"\\} (\\d+)`).exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}

const chat = (app: NestFastifyApplication, content: string) =>
  request(app.getHttpServer())
    .post('/v1/chat/completions')
    .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

describe('Circuit breakers', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const start = async (env: Record<string, string>) => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, CIRCUIT_FAILURE_THRESHOLD: '2', ...env });
    return app;
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

  it('stops waiting for a hung embedder: once its breaker is open, misses skip the semantic layer', async () => {
    const service = await start({ EMBED_TIMEOUT_MS: '300', CIRCUIT_HALF_OPEN_AFTER_MS: '600000' });
    upstream.hold('embeddings');

    const first = await ask(service, { question: 'Is the embedder hung?' }).expect(200);
    await waitUntil(async () => (await circuitState(service, 'embedder')) === 1, 'the embedder breaker is open');
    const embeddingsWhenOpened = upstream.calls.embeddings;
    const later = await Promise.all(
      ['What is a cache?', 'What is a breaker?', 'Why skip the embedder?'].map((question) =>
        ask(service, { question }).expect(200),
      ),
    );

    expect(first.body.source).toBe('llm');
    expect(later.map((response) => (response.body as { source: string }).source)).toEqual(['llm', 'llm', 'llm']);
    expect(upstream.calls.embeddings).toBe(embeddingsWhenOpened);
    const ready = await request(service.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details.circuits).toMatchObject({ status: 'up', embedder: 'open', upstream: 'closed' });
  });

  it('answers 503 with retry-after at once while the upstream breaker is open, and closes after a good probe', async () => {
    const service = await start({ CIRCUIT_HALF_OPEN_AFTER_MS: '1000' });
    upstream.failNext('chat', 500, 2);
    await chat(service, 'First failure').expect(500);
    await chat(service, 'Second failure').expect(500);

    const proxied = await chat(service, 'Anyone?').expect(503);
    const asked = await ask(service, { question: 'Anyone?' }).expect(503);

    expect(upstream.calls.chat).toBe(2);
    expect(Number(proxied.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(proxied.body.error).toMatchObject({
      type: 'server_error',
      code: 'E_LLM_UNAVAILABLE',
      message: expect.any(String),
    });
    expect(Number(asked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(asked.body).toMatchObject({ statusCode: 503, code: 'E_LLM_UNAVAILABLE' });
    expect(await circuitState(service, 'upstream')).toBe(1);

    await waitUntil(async () => (await ask(service, { question: 'Anyone?' })).status === 200, 'a probe call succeeds');
    expect(upstream.calls.chat).toBe(3);
    expect(await circuitState(service, 'upstream')).toBe(0);
    const ready = await request(service.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details.circuits.upstream).toBe('closed');
  });

  it("never opens the upstream breaker on 4xx answers, which are the caller's fault", async () => {
    const service = await start({ CIRCUIT_HALF_OPEN_AFTER_MS: '600000' });
    upstream.failNext('chat', 400, 3);
    for (const content of ['bad 1', 'bad 2', 'bad 3']) await chat(service, content).expect(400);

    await chat(service, 'good').expect(200);

    expect(upstream.calls.chat).toBe(4);
    expect(await circuitState(service, 'upstream')).toBe(0);
  });
});

describe('Circuit breaker of Redis', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const start = async (halfOpenAfterMs: number) => {
    app = await createTestApp({
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      REDIS_TIMEOUT_MS: '200',
      CIRCUIT_FAILURE_THRESHOLD: '2',
      CIRCUIT_HALF_OPEN_AFTER_MS: String(halfOpenAfterMs),
    });
    return app;
  };
  /** Redis stops answering every client for `ms` (commands wait, then run), as a hung server would. */
  const hangRedis = (ms: number) => redis.client().call('CLIENT', 'PAUSE', String(ms), 'ALL');
  const source = async (question: string) => (await ask(app!, { question }).expect(200)).body.source as string;

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

  it('skips a hung Redis once its breaker is open: misses, never errors, even after Redis answers again', async () => {
    await start(600_000);
    expect(await source('What is Redis?')).toBe('llm');

    await hangRedis(1000);
    expect(await source('Is Redis hung?')).toBe('llm');
    await waitUntil(async () => (await circuitState(app!, 'redis')) === 1, 'the Redis breaker is open');
    await redis.client().ping(); // answered once the pause is over

    expect(await source('What is Redis?')).toBe('llm');
    expect(upstream.calls.chat).toBe(3);
  });

  it('recovers by itself: a probe after CIRCUIT_HALF_OPEN_AFTER_MS finds Redis back and closes the breaker', async () => {
    await start(300);
    expect(await source('What is Redis?')).toBe('llm');
    await hangRedis(1000);
    await source('Is Redis hung?');
    await waitUntil(async () => (await circuitState(app!, 'redis')) === 1, 'the Redis breaker is open');

    await waitUntil(
      async () => (await source('What is Redis?')) === 'prompt_cache',
      'the stored answer is served again',
    );

    expect(await circuitState(app!, 'redis')).toBe(0);
  });
});
