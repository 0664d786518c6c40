import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AnswerCacheService } from '../../src/answer-cache/answer-cache.service';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer, fakeAnswer } from '../support/fake-openai-server';
import { allKeys, TestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';

/**
 * Two replicas of the service on one store: exact and semantic answers are shared, a clear
 * reaches both, and 200 identical misses cost one upstream call. The same tests run on one
 * Redis and on a Redis Cluster, whose behaviour must not differ.
 */
export function crossReplicaSuite(redis: TestRedis): void {
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  const boot = async () => {
    const app = await createTestApp({
      ...redis.env(),
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      CACHE_TTL: '120',
    });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return app;
  };
  /** Polls for up to 1 s: a replica must see another's change within that. */
  const within1s = async (check: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 1000; !(await check()) && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return check();
  };
  const semanticEntries = async (app: NestFastifyApplication) =>
    (await request(app.getHttpServer()).get('/metrics/json')).body.entries.semantic as number;

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

  it('shares exact answers between two running instances at once', async () => {
    const [a, b] = [await boot(), await boot()];
    await ask(a, { question: 'What is Redis?' }).expect(200);

    expect((await ask(b, { question: 'What is Redis?' }).expect(200)).body.source).toBe('prompt_cache');
    expect(upstream.calls.chat).toBe(1);
  });

  it('shares semantic answers and clears between two running instances within 1 s', async () => {
    const [a, b] = [await boot(), await boot()];
    await ask(a, { question: '什麼是快取？' }).expect(200);

    expect(await within1s(async () => (await semanticEntries(b)) === 1)).toBe(true);
    expect((await ask(b, { question: '請解釋快取是什麼' })).body.source).toBe('semantic_cache');
    expect(upstream.calls.chat).toBe(1);

    await request(a.getHttpServer()).delete('/cache/semantic').expect(200);
    expect(await within1s(async () => (await semanticEntries(b)) === 0)).toBe(true);
  });

  it('deletes every entry of both layers on DELETE /cache, wherever Redis keeps it', async () => {
    const [a, b] = [await boot(), await boot()];
    const questions = [
      'What is Redis?',
      'How do tides work?',
      'Who painted the Mona Lisa?',
      'Why is the sky blue?',
      'What is a prime number?',
      'How does a compiler optimise loops?',
      'When did the Roman empire fall?',
      'Which planet has the most moons?',
    ];
    const layerKeys = async () => [
      ...(await allKeys(redis.client(), 'prompt_cache:*')),
      ...(await allKeys(redis.client(), 'embed_cache:*')),
    ];
    for (const question of questions) await ask(a, { question }).expect(200);
    // Answers are stored beside the response: wait until they are, rather than assume it.
    await waitUntil(async () => (await layerKeys()).length === 16, 'both layers are stored');

    const cleared = await request(b.getHttpServer()).delete('/cache').expect(200);

    expect(cleared.body.deleted).toMatchObject({ prompt: 8, semantic: 8 });
    expect(await layerKeys()).toEqual([]);
    expect((await ask(a, { question: questions[0] }).expect(200)).body.source).toBe('llm');
  });

  it('answers 200 identical /ask misses spread over two replicas with 1 upstream call', async () => {
    const [a, b] = [await boot(), await boot()];
    const [urlA, urlB] = [await a.getUrl(), await b.getUrl()];
    const waiting = () => a.get(AnswerCacheService).followersWaiting + b.get(AnswerCacheService).followersWaiting;
    const question = 'What does single flight save?';
    const release = upstream.hold('chat');
    const answers = Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const response = await fetch(`${i % 2 === 0 ? urlA : urlB}/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        });
        return { status: response.status, body: (await response.json()) as { source: string; answer: string } };
      }),
    );
    // 99 wait in the leader's replica; in the other, 99 wait for their local leader, which waits on the lock.
    await waitUntil(
      () => upstream.calls.chat === 1 && waiting() === 199,
      'one call is in flight and 199 callers wait for it',
    );
    release();
    const all = await answers;

    expect(upstream.calls.chat).toBe(1);
    expect(all.every((r) => r.status === 200 && r.body.answer === fakeAnswer(question))).toBe(true);
    expect(all.filter((r) => r.body.source === 'llm')).toHaveLength(1);
    expect(all.filter((r) => r.body.source === 'coalesced')).toHaveLength(199);
  }, 15_000);
}
