import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * A low threshold and no verifier: the lexical embedder's paraphrases hit, so what a report changes
 * shows in hits and misses. Two replicas share one Redis.
 */
describe('Semantic feedback', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  const boot = async (env: Record<string, string> = {}) => {
    const app = await createTestApp({
      ...redis.env(),
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      EMBED_SIM_THRESHOLD: '0.3',
      SEMANTIC_VERIFIER: 'none',
      API_KEYS: 'ka:team-a,kb:team-b',
      CACHE_SECRET: 'e2e-cache-secret-0123456789',
      ADMIN_KEY,
      ...env,
    });
    apps.push(app);
    return app;
  };
  const ask = (app: NestFastifyApplication, question: string, key = 'ka') =>
    request(app.getHttpServer()).post('/ask').set(bearer(key)).send({ question }).expect(200);
  const report = (app: NestFastifyApplication, cacheKey: string, body: object, key = 'ka') =>
    request(app.getHttpServer())
      .post(`/cache/entries/${encodeURIComponent(cacheKey)}/feedback`)
      .set(bearer(key))
      .send(body);

  beforeAll(() => upstream.start());
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(() => upstream.stop());

  it('turns a paraphrase reported wrong into a miss on both replicas, while a closer one still hits', async () => {
    const [a, b] = [await boot(), await boot()];
    await ask(a, 'What is caching in a web server?');
    const wrong = await ask(a, 'What is caching?');
    expect(wrong.body.source).toBe('semantic_cache');

    const reported = await report(a, wrong.body.cacheKey as string, { question: 'What is caching?', correct: false });

    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ key: wrong.body.cacheKey, wrong: 1, right: 0, evicted: false });
    expect(reported.body.threshold).toBeGreaterThan(wrong.body.similarity as number);
    const closer = await ask(a, 'What is caching in a web server, exactly?');
    expect(closer.body).toMatchObject({ source: 'semantic_cache', cacheKey: wrong.body.cacheKey });
    expect((await ask(b, 'What is caching?')).body.source).toBe('llm');
  });

  it('deletes an entry reported wrong more than SEMANTIC_FEEDBACK_EVICT_AFTER times', async () => {
    const app = await boot({ SEMANTIC_FEEDBACK_EVICT_AFTER: '1' });
    await ask(app, 'What is caching in a web server?');
    const { cacheKey } = (await ask(app, 'What is caching?')).body as { cacheKey: string };

    const first = await report(app, cacheKey, { similarity: 0.5, correct: false }).expect(200);
    const second = await report(app, cacheKey, { similarity: 0.6, correct: false }).expect(200);

    expect(first.body.evicted).toBe(false);
    expect(second.body.evicted).toBe(true);
    await report(app, cacheKey, { similarity: 0.6, correct: false }).expect(404);
    expect((await ask(app, 'What is caching?')).body.source).toBe('llm');
  });

  it("answers 404 to a caller reporting on another namespace's entry, and lets the admin report", async () => {
    const app = await boot();
    await ask(app, 'What is caching in a web server?');
    const { cacheKey } = (await ask(app, 'What is caching?')).body as { cacheKey: string };

    await report(app, cacheKey, { question: 'What is caching?', correct: false }, 'kb').expect(404);
    const admin = await report(app, cacheKey, { question: 'What is caching?', correct: true }, ADMIN_KEY).expect(200);

    expect(admin.body).toMatchObject({ wrong: 0, right: 1 });
  });

  it('reports a namespace with its rates, histogram and a recommended threshold with the reason', async () => {
    const app = await boot();
    await ask(app, 'What is caching in a web server?');
    await ask(app, 'What is caching?');
    const http = () => request(app.getHttpServer());

    const report = await http().get('/cache/threshold-report?namespace=team-a').set(bearer('ka')).expect(200);
    await http().get('/cache/threshold-report?namespace=team-a').set(bearer('kb')).expect(404);
    const metrics = await http().get('/metrics/json').expect(200);

    expect(report.body).toMatchObject({ namespace: 'team-a', scope: 'replica', threshold: 0.3, lookups: 2 });
    expect(report.body.rates).toEqual({ hit: 0.5, uncertain: 0, verified: 0, nearMiss: 0 });
    const histogram = report.body.histogram as { edges: number[]; served: number[] };
    expect(histogram.served.reduce((a, b) => a + b, 0)).toBe(1);
    expect(histogram.edges).toHaveLength(histogram.served.length);
    expect(report.body).toMatchObject({
      recommendedThreshold: 0.3,
      reason: expect.stringMatching(/not enough evidence/) as string,
    });
    expect(metrics.body.semantic).toMatchObject({
      topEntries: [{ key: expect.stringMatching(/^embed_cache:team-a:/) as string, hits: 1 }],
      entriesHit: 1,
      nearMiss: { count: 0, meanDistance: null },
    });
  });

  it('applies a namespace threshold from SEMANTIC_NAMESPACE_SETTINGS_FILE, and only there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-settings-'));
    const file = join(dir, 'namespaces.json');
    writeFileSync(file, JSON.stringify({ 'team-b': { threshold: 0.99 } }));
    const app = await boot({ SEMANTIC_NAMESPACE_SETTINGS_FILE: file });
    for (const key of ['ka', 'kb']) await ask(app, 'What is caching in a web server?', key);

    expect((await ask(app, 'What is caching?', 'ka')).body.source).toBe('semantic_cache');
    expect((await ask(app, 'What is caching?', 'kb')).body.source).toBe('llm');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the boot naming SEMANTIC_NAMESPACE_SETTINGS_FILE when a namespace setting is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-settings-'));
    const file = join(dir, 'namespaces.json');
    writeFileSync(file, JSON.stringify({ 'team-b': { threshold: 2 } }));

    await expect(boot({ SEMANTIC_NAMESPACE_SETTINGS_FILE: file })).rejects.toThrow(
      /SEMANTIC_NAMESPACE_SETTINGS_FILE: team-b: threshold must not be greater than 1/,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a report without question nor similarity, and on an exact-layer key', async () => {
    const app = await boot();
    const { cacheKey } = (await ask(app, 'What is caching?')).body as { cacheKey: string };

    await report(app, 'embed_cache:team-a:abc', { correct: false }).expect(400);
    await report(app, cacheKey, { similarity: 0.9, correct: false }).expect(400);
  });
});
