import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { REDIS_CLIENT } from '../../src/redis/redis.constants';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { expireNow, useTestRedis } from '../support/test-redis';

describe('POST /ask on the Redis store', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  const boot = async (env: Record<string, string> = {}) => {
    const app = await createTestApp({
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      CACHE_TTL: '120',
      ...env,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('writes prompt_cache:<ns>:<sha256> and embed_cache:<ns>:<id> keys with CACHE_TTL', async () => {
    const app = await boot();
    const { body } = await ask(app, { question: '什麼是快取？', namespace: 'docs' }).expect(200);

    const promptKeys = await redis.client().keys('prompt_cache:*');
    const embedKeys = await redis.client().keys('embed_cache:*');
    expect(promptKeys).toEqual([body.cacheKey]);
    expect(embedKeys).toHaveLength(1);
    expect(embedKeys[0]).toMatch(/^embed_cache:docs:[0-9a-f]{32}$/);
    expect(JSON.parse((await redis.client().get(body.cacheKey))!)).toMatchObject({
      answer: body.answer,
      model: 'gpt-4o-mini',
    });
    for (const key of [...promptKeys, ...embedKeys]) {
      const ttl = await redis.client().ttl(key);
      expect(ttl).toBeGreaterThan(100);
      expect(ttl).toBeLessThanOrEqual(120);
    }
  });

  it('with SEMANTIC_SNAPSHOT_DIR, restarts from the snapshot written at shutdown and still serves semantic hits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-snapshot-'));
    try {
      const first = await boot({ SEMANTIC_SNAPSHOT_DIR: dir });
      await ask(first, { question: '什麼是快取？' }).expect(200);
      await first.close();
      apps.splice(apps.indexOf(first), 1);
      expect(readFileSync(join(dir, 'CURRENT'), 'utf8')).toMatch(/^snapshot-/);

      const second = await boot({ SEMANTIC_SNAPSHOT_DIR: dir });
      const { body } = await ask(second, { question: '請解釋快取是什麼' }).expect(200);

      expect(body).toMatchObject({ source: 'semantic_cache', matchedQuestion: '什麼是快取?' });
      expect(upstream.calls.chat).toBe(1);
    } finally {
      await Promise.all(apps.splice(0).map((app) => app.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores both layers with the ttl a request asks for (cacheTtl or x-cache-ttl)', async () => {
    const app = await boot();
    const short = await request(app.getHttpServer()).post('/ask').send({ question: 'short', cacheTtl: 5 }).expect(200);
    const forever = await request(app.getHttpServer())
      .post('/ask')
      .set('x-cache-ttl', '0')
      .send({ question: 'forever' })
      .expect(200);

    /** TTLs of the prompt key and of the semantic hash holding `question`. */
    const ttlsOf = async (promptKey: string, question: string) => {
      const embedKeys = await redis.client().keys('embed_cache:*');
      const questions = await Promise.all(embedKeys.map((k) => redis.client().hget(k, 'question')));
      const embedKey = embedKeys[questions.indexOf(question)];
      return [await redis.client().ttl(promptKey), await redis.client().ttl(embedKey)];
    };
    for (const ttl of await ttlsOf(short.body.cacheKey, 'short')) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5);
    }
    expect(await ttlsOf(forever.body.cacheKey, 'forever')).toEqual([-1, -1]);
  });

  it('stores an answer whose x-cache-ttl is beyond what Redis accepts, for 2^31 s', async () => {
    const app = await boot();
    const askForever = () =>
      request(app.getHttpServer()).post('/ask').set('x-cache-ttl', '9'.repeat(30)).send({ question: 'eons' });

    const first = await askForever().expect(200);
    const second = await askForever().expect(200);

    expect(second.headers['x-cache']).toBe('HIT');
    expect(await redis.client().ttl(first.body.cacheKey)).toBeGreaterThan(2 ** 31 - 60);
  });

  it('keeps both layers across a restart', async () => {
    const first = await boot();
    await ask(first, { question: '什麼是快取？' }).expect(200);
    await first.close();
    apps.splice(0);

    const restarted = await boot();
    const exact = await ask(restarted, { question: '什麼是快取？' }).expect(200);
    const paraphrase = await ask(restarted, { question: '請解釋快取是什麼' }).expect(200);

    expect([exact.body.source, paraphrase.body.source]).toEqual(['prompt_cache', 'semantic_cache']);
    expect(upstream.calls.chat).toBe(1);
  });

  it('still answers, from the LLM, when Redis goes away, and counts the store errors', async () => {
    // A short REDIS_TIMEOUT_MS: ioredis keeps a command-timeout timer per failed command.
    const app = await boot({ REDIS_TIMEOUT_MS: '200' });
    await ask(app, { question: 'What is Redis?' }).expect(200);
    app.get<Redis>(REDIS_CLIENT).disconnect();

    const response = await ask(app, { question: 'What is Redis?' }).expect(200);

    expect(response.body.source).toBe('llm');
    const metrics = await request(app.getHttpServer()).get('/metrics/json').expect(200);
    expect(metrics.body.storeErrors).toBeGreaterThanOrEqual(2);
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(ready.body.error.store.status).toBe('down');
  });

  it('expires entries after CACHE_TTL', async () => {
    const app = await boot({ CACHE_TTL: '1' });
    await ask(app, { question: 'What is Redis?' }).expect(200);
    await expireNow(redis.client(), '*_cache:*');

    expect((await ask(app, { question: 'What is Redis?' }).expect(200)).body.source).toBe('llm');
  });
});
