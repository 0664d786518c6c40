import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AnswerCacheService } from '../../src/answer-cache/answer-cache.service';
import { VectorIndex } from '../../src/vector-index/vector-index.port';
import { ask } from '../support/ask';
import { CapturingLogger } from '../support/capturing-logger';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer, fakeAnswer } from '../support/fake-openai-server';
import { redisServerHasTls, startRedisServer } from '../support/redis-server';
import { makeTestCertificates } from '../support/test-certificates';
import { waitUntil } from '../support/wait-until';

const hasTls = redisServerHasTls();
if (!hasTls) {
  console.warn('Skipping redis-tls.e2e-spec: this redis-server build has no TLS (`--tls-port` is a bad directive)');
}
const USER = 'cache';
const PASSWORD = 'tls-e2e-Pa55-marker';
const DEFAULT_PASSWORD = 'tls-e2e-default-Pa55';

/** `REDIS_URL=rediss://user:pass@host` against a private redis-server whose CA the test makes. */
(hasTls ? describe : describe.skip)('Redis over TLS with a password', () => {
  const upstream = new FakeOpenAiServer();
  const apps: NestFastifyApplication[] = [];
  let dir: string;
  let caFile: string;
  let port: number;
  let server: ChildProcess;
  let redis: Redis;
  const urlWith = (password: string) => `rediss://${USER}:${password}@127.0.0.1:${port}/0`;
  const boot = async (env: Record<string, string> = {}, logger?: CapturingLogger) => {
    const app = await createTestApp(
      {
        REDIS_URL: urlWith(PASSWORD),
        REDIS_TLS_CA_FILE: caFile,
        OPENAI_BASE_URL: upstream.baseUrl,
        EMBED_PROVIDER: 'lexical',
        ...env,
      },
      { logger },
    );
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
    const tls = makeTestCertificates(dir);
    caFile = tls.caFile;
    const started = await startRedisServer({
      tls,
      password: DEFAULT_PASSWORD,
      user: { name: USER, password: PASSWORD },
    });
    ({ port, process: server } = started);
    redis = new Redis(urlWith(PASSWORD), { tls: { ca: readFileSync(caFile) } });
    await upstream.start();
  });
  beforeEach(async () => {
    upstream.reset();
    await redis.flushdb();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await redis?.quit();
    await upstream.stop();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready with the Redis store up, and logs the URL without its password', async () => {
    const logs = new CapturingLogger();
    const app = await boot({}, logs);

    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);

    expect(ready.body.details.store).toEqual({ status: 'up', kind: 'redis' });
    expect(logs.infoOrAbove()).toContain(`Store: Redis at rediss://${USER}:***@127.0.0.1:${port}/0`);
    expect(logs.lines.map((line) => line.text).join('\n')).not.toContain(PASSWORD);
  });

  it('serves a miss from the LLM, then a hit from the key it wrote to that Redis', async () => {
    const app = await boot();

    const miss = await ask(app, { question: 'Is TLS on?' }).expect(200);
    const hit = await ask(app, { question: 'Is TLS on?' }).expect(200);

    expect(miss.body).toMatchObject({ source: 'llm', answer: fakeAnswer('Is TLS on?') });
    expect(hit.body).toMatchObject({ source: 'prompt_cache', cacheKey: miss.body.cacheKey });
    expect(await redis.exists(miss.body.cacheKey as string)).toBe(1);
    expect(upstream.calls.chat).toBe(1);
  });

  it('serves a paraphrase from the semantic layer, on another replica through the change feed', async () => {
    const [writer, reader] = [await boot(), await boot()];
    await ask(writer, { question: '什麼是快取？' }).expect(200);

    // The reader learns of the entry through its own (duplicated) connection reading the stream.
    await waitUntil(async () => (await reader.get(VectorIndex).size()) === 1, 'the other replica has the entry');
    const paraphrase = await ask(reader, { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.body).toMatchObject({ source: 'semantic_cache', matchedQuestion: '什麼是快取?' });
    expect(upstream.calls.chat).toBe(1);
  });

  it('coalesces misses across replicas, releasing followers through a pub/sub connection', async () => {
    const [a, b] = [await boot(), await boot()];
    const waiting = () => a.get(AnswerCacheService).followersWaiting + b.get(AnswerCacheService).followersWaiting;
    const release = upstream.hold('chat');
    const answers = Promise.all([a, b, a, b].map((app) => ask(app, { question: 'Coalesced over TLS?' })));
    await waitUntil(() => upstream.calls.chat === 1 && waiting() === 3, 'one call is in flight and 3 callers wait');
    release();

    const all = await answers;

    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(upstream.calls.chat).toBe(1);
  });

  it('stops start-up on a wrong password with a message that does not contain it', async () => {
    const wrong = 'wrong-Pa55-marker';

    const failure = (await boot({ REDIS_URL: urlWith(wrong) }).catch((error: unknown) => error)) as Error;

    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/Cannot reach Redis at REDIS_URL=rediss:\/\/cache:\*\*\*@127\.0\.0\.1/);
    expect(failure.message).toMatch(/WRONGPASS/);
    expect(failure.message).not.toContain(wrong);
  });
});
