import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp } from '../support/create-test-app';
import { useTestRedis } from '../support/test-redis';

describe('GET /health', () => {
  const redis = useTestRedis();
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
  });

  it('is live and ready with Redis reachable and an LLM configured', async () => {
    app = await createTestApp({ REDIS_URL: redis.url, OPENAI_API_KEY: 'sk-test' });
    await request(app.getHttpServer())
      .get('/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details).toEqual({
      store: { status: 'up', kind: 'redis' },
      llm: { status: 'up' },
      semanticIndex: { status: 'up' },
      circuits: { status: 'up', anthropic: 'closed', embedder: 'closed', upstream: 'closed', redis: 'closed' },
      shutdown: { status: 'up' },
    });
    await request(app.getHttpServer()).get('/health').expect(200);
  });

  it('reports the embedded store as up', async () => {
    app = await createTestApp({ OPENAI_API_KEY: 'sk-test' });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details.store).toEqual({ status: 'up', kind: 'memory' });
  });

  it('stays live but not ready when no LLM is configured', async () => {
    app = await createTestApp({});
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const ready = await request(app.getHttpServer()).get('/health').expect(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error.llm.message).toMatch(/OPENAI_API_KEY or OPENAI_BASE_URL/);
  });

  it('refuses to boot with a Redis it cannot reach, naming REDIS_URL', async () => {
    // A short REDIS_TIMEOUT_MS: ioredis leaves a command-timeout timer behind the failed connect, which would outlive the test.
    await expect(createTestApp({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_TIMEOUT_MS: '200' })).rejects.toThrow(
      /Cannot reach Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:1/,
    );
  });

  it('refuses to boot with a Redis Cluster it cannot reach, naming REDIS_CLUSTER_NODES', async () => {
    await expect(createTestApp({ REDIS_CLUSTER_NODES: '127.0.0.1:1', REDIS_TIMEOUT_MS: '200' })).rejects.toThrow(
      /Cannot reach the Redis Cluster at REDIS_CLUSTER_NODES=127\.0\.0\.1:1/,
    );
  });

  it('refuses to boot with a bad variable, naming it', async () => {
    await expect(createTestApp({ CACHE_TTL: 'soon' })).rejects.toThrow(/CACHE_TTL/);
  });
});
