import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { VectorIndex } from '../../src/vector-index/vector-index.port';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { hasRedisCluster } from '../support/redis-cluster';
import { useTestRedisCluster } from '../support/test-redis-cluster';
import { waitUntil } from '../support/wait-until';

const available = hasRedisCluster();
if (!available) console.warn('Skipping redis-cluster-failover.e2e-spec: it needs redis-server and redis-cli');

/** A master dies: the service answers throughout (misses at worst), and caches again once a replica took over. */
(available ? describe : describe.skip)('Two replicas on a 3-master + 3-replica Redis Cluster losing a master', () => {
  const redis = useTestRedisCluster({ masters: 3, replicasPerMaster: 1 });
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  const boot = async () => {
    const app = await createTestApp({
      ...redis.env(),
      OPENAI_BASE_URL: upstream.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      EMBED_PROVIDER: 'lexical',
    });
    apps.push(app);
    return app;
  };
  // Not /metrics/json: both apps share prom-client's global registry, which holds the last one's gauges.
  const semanticEntries = (app: NestFastifyApplication) => app.get(VectorIndex).size();
  const isReady = async (app: NestFastifyApplication) =>
    (await request(app.getHttpServer()).get('/health/ready')).status === 200;

  beforeAll(async () => {
    await upstream.start();
  });
  afterAll(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await upstream.stop();
  });

  it('answers every request during the failover, then shares exact and semantic answers again', async () => {
    const [a, b] = [await boot(), await boot()];
    await ask(a, { question: 'What is Redis?' }).expect(200);
    expect((await ask(b, { question: 'What is Redis?' }).expect(200)).body.source).toBe('prompt_cache');
    // The change stream's master: replicas must find it again on the replica that takes over.
    await redis.cluster().kill(await redis.cluster().masterOf('embed_cache_changes'));

    let failedOver = false;
    const recovery = redis
      .cluster()
      .waitUntilOk(30_000)
      .then(() => (failedOver = true));
    const statuses: number[] = [];
    for (let i = 0; !failedOver; i++) {
      const question = i % 2 === 0 ? 'What is Redis?' : `What happens during failover number ${i}?`;
      statuses.push((await ask(i % 2 === 0 ? a : b, { question })).status);
    }
    await recovery;

    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await waitUntil(async () => (await isReady(a)) && (await isReady(b)), 'both replicas are ready again', 20_000);
    await ask(a, { question: 'Which planet has the most moons?' }).expect(200);
    expect((await ask(b, { question: 'Which planet has the most moons?' })).body.source).toBe('prompt_cache');
    // Counted on each replica: a write announced while its stream's master died may be on one only,
    // so equal counts on a and b do not mean that b has a's newest entry.
    const [beforeA, beforeB] = [await semanticEntries(a), await semanticEntries(b)];
    await ask(a, { question: '什麼是快取？' }).expect(200);
    // a stores after answering, then announces; b, which writes nothing meanwhile, gains that entry.
    await waitUntil(
      async () => (await semanticEntries(a)) > beforeA && (await semanticEntries(b)) > beforeB,
      'b follows the change stream on its new master',
      20_000,
    );
    expect((await ask(b, { question: '請解釋快取是什麼' })).body.source).toBe('semantic_cache');
  }, 90_000);
});
