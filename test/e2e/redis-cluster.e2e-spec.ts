import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { clearCache } from '../../src/cli/clear-cache';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { crossReplicaSuite } from './cross-replica.suite';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { hasRedisCluster } from '../support/redis-cluster';
import { allKeys } from '../support/test-redis';
import { useTestRedisCluster } from '../support/test-redis-cluster';
import { waitUntil } from '../support/wait-until';

const available = hasRedisCluster();
if (!available) console.warn('Skipping redis-cluster.e2e-spec: it needs redis-server and redis-cli');

/** REDIS_CLUSTER_NODES: the service on a 3-master cluster behaves as on one Redis. */
(available ? describe : describe.skip)('The service on a 3-master Redis Cluster', () => {
  const redis = useTestRedisCluster({ masters: 3 });

  describe('replicas', () => {
    crossReplicaSuite(redis);
  });

  describe('one instance', () => {
    const upstream = new FakeOpenAiServer();
    const apps: NestFastifyApplication[] = [];
    const boot = async () => {
      const app = await createTestApp({
        ...redis.env(),
        OPENAI_BASE_URL: upstream.baseUrl,
        OPENAI_API_KEY: 'sk-test',
        EMBED_PROVIDER: 'lexical',
        CACHE_TTL: '120',
      });
      apps.push(app);
      return app;
    };
    const layerKeys = async () => [
      ...(await allKeys(redis.client(), 'prompt_cache:*')),
      ...(await allKeys(redis.client(), 'embed_cache:*')),
    ];
    const close = async (app: NestFastifyApplication) => {
      apps.splice(apps.indexOf(app), 1);
      await app.close();
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

    it('is ready and reports the cluster: its kind, its masters, cluster_state ok', async () => {
      const app = await boot();

      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);

      expect(ready.body.details.store).toEqual({ status: 'up', kind: 'redis-cluster', masters: 3, state: 'ok' });
    });

    it('writes the keys a single Redis gets: prompt_cache:<ns>:<sha256> and embed_cache:<ns>:<id>, with CACHE_TTL', async () => {
      const app = await boot();
      const { body } = await ask(app, { question: '什麼是快取？', namespace: 'docs' }).expect(200);

      const promptKeys = await allKeys(redis.client(), 'prompt_cache:*');
      const embedKeys = await allKeys(redis.client(), 'embed_cache:*');
      expect(promptKeys).toEqual([body.cacheKey]);
      expect(embedKeys).toEqual([expect.stringMatching(/^embed_cache:docs:[0-9a-f]{32}$/)]);
      for (const key of [...promptKeys, ...embedKeys]) {
        const ttl = await redis.client().ttl(key);
        expect(ttl).toBeGreaterThan(100);
        expect(ttl).toBeLessThanOrEqual(120);
      }
    });

    it('npm run cache:clear deletes the layers’ keys on every master', async () => {
      const app = await boot();
      for (const question of ['How do tides work?', 'Who painted the Mona Lisa?', 'Why is the sky blue?'])
        await ask(app, { question }).expect(200);
      await waitUntil(async () => (await layerKeys()).length === 6, 'both layers are stored');
      await close(app);

      const result = await clearCache(['--layer', 'all'], { env: redis.env() });

      expect(result.deleted).toMatchObject({ prompt: 3, semantic: 3 });
      expect(await layerKeys()).toEqual([]);
    });

    it('loads every master’s entries at a restart, and keeps serving both layers', async () => {
      const questions = [
        '什麼是快取？',
        'How do tides work?',
        'Who painted the Mona Lisa?',
        'Why is the sky blue?',
        'What is a prime number?',
        'When did the Roman empire fall?',
      ];
      const first = await boot();
      for (const question of questions) await ask(first, { question }).expect(200);
      const perMaster = await Promise.all(
        redis
          .client()
          .nodes('master')
          .map((node) => node.keys('embed_cache:*')),
      );
      expect(perMaster.filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
      await close(first);

      const restarted = await boot();
      const metrics = await request(restarted.getHttpServer()).get('/metrics/json').expect(200);
      const exact = await ask(restarted, { question: '什麼是快取？' }).expect(200);
      const paraphrase = await ask(restarted, { question: '請解釋快取是什麼' }).expect(200);

      expect(metrics.body.entries.semantic).toBe(questions.length);
      expect([exact.body.source, paraphrase.body.source]).toEqual(['prompt_cache', 'semantic_cache']);
      expect(upstream.calls.chat).toBe(questions.length);
    });
  });
});
