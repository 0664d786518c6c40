import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { EntryListing } from '../../src/cache-admin/recent-entries';
import { clearCache } from '../../src/cli/clear-cache';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';

describe('Clearing caches (DELETE /cache and npm run cache:clear)', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const count = async (pattern: string) => (await redis.client().keys(pattern)).length;
  const layerKeyCount = async () =>
    (await count('prompt_cache:*')) + (await count('embed_cache:*')) + (await count('embeddings_cache:*'));
  const embed = () =>
    http()
      .post('/v1/embeddings')
      .set('x-cache-namespace', 'a')
      .send({ model: 'text-embedding-3-small', input: 'hello' })
      .expect(200);

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(async () => {
    app = await createTestApp({ REDIS_URL: redis.url, OPENAI_BASE_URL: upstream.baseUrl, EMBED_PROVIDER: 'lexical' });
    await redis.client().set('somebody-else:key', 'keep me');
    await ask(app, { question: 'What is a cache?', namespace: 'a' }).expect(200);
    await ask(app, { question: 'What is Redis?', namespace: 'b' }).expect(200);
    await embed();
  });
  afterEach(async () => {
    await app.close();
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('DELETE /cache removes every layer, embeddings entries included, and nothing else', async () => {
    const { body } = await http().delete('/cache').expect(200);
    expect(body).toEqual({ namespace: null, deleted: { prompt: 2, semantic: 2, embeddings: 1 } });
    expect(await layerKeyCount()).toBe(0);
    expect(await redis.client().get('somebody-else:key')).toBe('keep me');
    expect((await ask(app, { question: 'What is a cache?', namespace: 'a' })).body.source).toBe('llm');
  });

  it('DELETE /cache/prompt keeps the semantic layer, which then answers the same question', async () => {
    const { body } = await http().delete('/cache/prompt').expect(200);
    expect(body.deleted).toEqual({ prompt: 2, semantic: 0, embeddings: 0 });
    expect([await count('prompt_cache:*'), await count('embed_cache:*')]).toEqual([0, 2]);
    expect((await ask(app, { question: 'What is a cache?', namespace: 'a' })).body.source).toBe('semantic_cache');
  });

  it('DELETE /cache/prompt leaves the embeddings entries, which still answer', async () => {
    await http().delete('/cache/prompt').expect(200);
    expect(await count('embeddings_cache:*')).toBe(1);
    expect((await embed()).headers['x-cache']).toBe('HIT');
  });

  it('DELETE /cache/embeddings clears the embeddings entries only', async () => {
    const { body } = await http().delete('/cache/embeddings?namespace=a').expect(200);
    expect(body).toEqual({ namespace: 'a', deleted: { prompt: 0, semantic: 0, embeddings: 1 } });
    expect([await count('embeddings_cache:*'), await count('prompt_cache:*')]).toEqual([0, 2]);
  });

  it('DELETE /cache/entries/embeddings_cache:… removes that one entry', async () => {
    const key = (await embed()).headers['x-cache-key'];
    expect(key).toMatch(/^embeddings_cache:a:/);
    await http()
      .delete(`/cache/entries/${encodeURIComponent(key)}`)
      .expect(200, { deleted: key });
    await http()
      .delete(`/cache/entries/${encodeURIComponent(key)}`)
      .expect(404);
    expect([await count('embeddings_cache:*'), await count('prompt_cache:*')]).toEqual([0, 2]);
    expect((await embed()).headers['x-cache']).toBe('MISS');
  });

  it('DELETE /cache/semantic?namespace= clears one namespace of one layer', async () => {
    const { body } = await http().delete('/cache/semantic?namespace=a').expect(200);
    expect(body.deleted).toEqual({ prompt: 0, semantic: 1, embeddings: 0 });
    expect(await redis.client().keys('embed_cache:*')).toEqual([expect.stringMatching(/^embed_cache:b:/)]);
  });

  it.each(['/cache', '/cache/prompt', '/cache/semantic', '/cache/embeddings'])(
    '%s answers 400 for a malformed namespace',
    async (path) => {
      const { body } = await http().delete(`${path}?namespace=a*`).expect(400);

      expect(body.message).toMatch(/namespace must be/);
      // The three layers' entries only: `*_cache:*` also matches a single-flight lock
      // (`mutex:llm_cache_flight:…`) that a leader may still be releasing.
      expect(await layerKeyCount()).toBe(5);
    },
  );

  it('cache:clear deletes the chosen layer and namespace in Redis', async () => {
    const result = await clearCache(['--layer', 'prompt', '--namespace', 'b'], { env: { REDIS_URL: redis.url } });
    expect(result.deleted).toEqual({ prompt: 1, semantic: 0, embeddings: 0 });
    expect(await redis.client().keys('prompt_cache:*')).toEqual([expect.stringMatching(/^prompt_cache:a:/)]);
  });

  it('cache:clear --layer embeddings deletes the embeddings entries only', async () => {
    const result = await clearCache(['--layer', 'embeddings'], { env: { REDIS_URL: redis.url } });
    expect(result.deleted).toEqual({ prompt: 0, semantic: 0, embeddings: 1 });
    expect([await count('embeddings_cache:*'), await count('prompt_cache:*'), await count('embed_cache:*')]).toEqual([
      0, 2, 2,
    ]);
  });

  it('cache:clear refuses an unknown layer and explains an unset REDIS_URL', async () => {
    await expect(clearCache(['--layer', 'everything'], { env: { REDIS_URL: redis.url } })).rejects.toThrow(
      /--layer must be one of/,
    );
    await expect(clearCache([], { env: {} })).rejects.toThrow(/REDIS_URL is not set/);
  });

  it('GET /cache/entries lists both layers newest first, with namespaces, for the dashboard', async () => {
    const { body } = (await http().get('/cache/entries?limit=3').expect(200)) as { body: EntryListing };

    expect(body.entries).toHaveLength(3);
    expect(body.entries[0]).toMatchObject({ namespace: 'b', question: 'What is Redis?' });
    expect(new Set(body.entries.map((e) => e.layer))).toEqual(new Set(['exact', 'semantic']));
    expect([...body.namespaces].sort((x, y) => x.namespace.localeCompare(y.namespace))).toEqual([
      { namespace: 'a', entries: 2 },
      { namespace: 'b', entries: 2 },
    ]);
    await http().get('/cache/entries?limit=0').expect(400);
  });
});
