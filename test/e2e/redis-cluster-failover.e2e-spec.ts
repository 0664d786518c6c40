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
    // A failover can lose the change stream's last entries, or the whole stream: the next write
    // creates it anew and every replica then reloads its index from Redis, missing meanwhile. So
    // each round stores a new question on a and waits for b to gain an entry (counted on b: a write
    // announced while the master died may be on one replica only) before b asks its paraphrase.
    const sharesSemanticAnswers = async (round: number): Promise<boolean> => {
      const beforeB = await semanticEntries(b);
      await ask(a, { question: `What is cache shard ${round}?` }).expect(200);
      const arrived = await waitUntil(async () => (await semanticEntries(b)) > beforeB, 'b gains an entry', 5_000).then(
        () => true,
        () => false,
      );
      const paraphrase = await ask(b, { question: `Please explain what cache shard ${round} is` });
      return arrived && paraphrase.body.source === 'semantic_cache';
    };
    let round = 0;
    await waitUntil(() => sharesSemanticAnswers(++round), "b serves a's answer to a paraphrase", 40_000);
  }, 90_000);
});
