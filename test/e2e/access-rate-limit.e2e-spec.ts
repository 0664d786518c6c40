import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { useTestRedis } from '../support/test-redis';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const KEYS = { API_KEYS: 'ka:team-a,kb:team-b', CACHE_SECRET: 'e2e-cache-secret-0123456789', RATE_LIMIT_RPM: '3' };
const LIMIT = 3;

/** N requests of `ka` (the first a miss, the rest hits), then one more: 429 with retry-after. */
function itLimitsEachKey(app: () => NestFastifyApplication) {
  const ask = (key: string) =>
    request(app().getHttpServer()).post('/ask').set('authorization', `Bearer ${key}`).send({ question: 'Hi?' });

  it('answers 429 with retry-after to the request past the limit, cache hits included', async () => {
    // Arrange
    const sources: string[] = [];
    for (let i = 0; i < LIMIT; i++) sources.push((await ask('ka').expect(200)).body.source as string);

    // Act
    const limited = await ask('ka').expect(429);

    // Assert
    expect(sources).toEqual(['llm', 'prompt_cache', 'prompt_cache']);
    expect(limited.body).toEqual({ statusCode: 429, code: 'E_RATE_LIMITED', message: expect.any(String) as string });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    await ask('kb').expect(200); // another key has its own budget
  });

  it("answers 429 on /v1 in OpenAI's shape", async () => {
    const chat = () =>
      request(app().getHttpServer())
        .post('/v1/chat/completions')
        .set('authorization', 'Bearer kb')
        .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi?' }] });
    for (let i = 0; i < LIMIT; i++) await chat().expect(200);

    const limited = await chat().expect(429);

    expect(limited.body).toMatchObject({ error: { code: 'E_RATE_LIMITED', type: 'invalid_request_error' } });
    expect(limited.headers['retry-after']).toBeDefined();
  });
}

describe('Rate limit per key, in memory', () => {
  const { app } = useAppWithFakeUpstream(KEYS);
  itLimitsEachKey(app);
});

describe('Rate limit per key, in Redis', () => {
  const redis = useTestRedis();
  const { app } = useAppWithFakeUpstream({ ...KEYS, REDIS_URL: redis.url });
  itLimitsEachKey(app);

  it('counts in Redis under the key name, never the key', async () => {
    await request(app().getHttpServer()).post('/ask').set('authorization', 'Bearer ka').send({ question: 'Hi?' });

    expect(await redis.client().keys('llm_cache_rate:*')).toEqual(['llm_cache_rate:API_KEYS.1']);
  });
});
