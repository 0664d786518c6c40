import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AnswerCacheService } from '../../src/answer-cache/answer-cache.service';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer, fakeAnswer } from '../support/fake-openai-server';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { useTestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';

/**
 * Replicas on one Redis: one upstream call per key across all of them, through a Redis lock (the
 * 200-caller case runs in cross-replica.suite, on one Redis and on a cluster).
 */
describe('Single flight across replicas', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  let replica: ServiceProcess | undefined;

  const startReplica = async (env: Record<string, string> = {}) => {
    const app = await createTestApp({
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      ...env,
    });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return { app, url: await app.getUrl(), waiting: () => app.get(AnswerCacheService).followersWaiting };
  };
  const ask = async (url: string, question: string) => {
    const response = await fetch(`${url}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    return { status: response.status, body: (await response.json()) as { source: string; answer: string } };
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await replica?.kill();
    replica = undefined;
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('lets a waiting replica take over when the replica calling the upstream dies', async () => {
    const lockTtlMs = 1000;
    replica = await startServiceProcess({
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      COALESCE_LOCK_TTL_MS: String(lockTtlMs),
    });
    const survivor = await startReplica({ COALESCE_LOCK_TTL_MS: String(lockTtlMs) });
    const question = 'Who answers when the leader dies?';
    const release = upstream.hold('chat');
    void ask(replica.url, question).catch(() => undefined);
    await upstream.whenCalled('chat');
    const answers = Promise.all(Array.from({ length: 10 }, () => ask(survivor.url, question)));
    await waitUntil(() => survivor.waiting() === 10, "the survivor's 10 callers wait for the dying replica");

    await replica.kill();
    release();
    const all = await answers;

    // The dead replica's call, then exactly one more: the takeover, not ten callers giving up.
    expect(upstream.calls.chat).toBe(2);
    expect(all.every((r) => r.status === 200 && r.body.answer === fakeAnswer(question))).toBe(true);
    expect(all.filter((r) => r.body.source === 'llm')).toHaveLength(1);
    // The taker-over releases its lock once the answer is stored (just after its callers got it).
    await waitUntil(
      async () => (await redis.client().keys('mutex:llm_cache_flight:*')).length === 0,
      'the lock is released',
    );
  }, 20_000);
});
