import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import request from 'supertest';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startRedisServer } from '../support/redis-server';

/** On a redis-server of its own: the assertions count the server's SCAN commands. */
describe('Prompt entry count with Redis (a SCAN of the keyspace, reused between scrapes)', () => {
  let server: { url: string; process: ChildProcess };
  let admin: Redis;
  let app: NestFastifyApplication | undefined;
  const upstream = new FakeOpenAiServer();
  const scansSoFar = async () => Number(/cmdstat_scan:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
  const promptEntries = async () =>
    (await request(app!.getHttpServer()).get('/metrics/json').expect(200)).body.entries.exact as number;

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(`${server.url}/0`);
    await upstream.start();
  });
  afterEach(async () => {
    await app?.close();
    await admin.flushall();
  });
  afterAll(async () => {
    await admin.quit();
    await upstream.stop();
    server.process.kill();
  });

  it('counts on the first scrape, then reuses the count instead of scanning on every scrape', async () => {
    app = await createTestApp({
      REDIS_URL: `${server.url}/0`,
      OPENAI_BASE_URL: upstream.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      EMBED_PROVIDER: 'lexical',
    });
    await request(app.getHttpServer()).post('/ask').send({ question: 'What is Redis?' }).expect(200);
    const before = await scansSoFar();

    expect(await promptEntries()).toBe(1);
    const scansOfFirstCount = (await scansSoFar()) - before;
    await request(app.getHttpServer()).post('/ask').send({ question: 'What is a cache?' }).expect(200);
    expect(await promptEntries()).toBe(1);
    await request(app.getHttpServer()).get('/metrics').expect(200);

    expect(scansOfFirstCount).toBeGreaterThan(0);
    expect((await scansSoFar()) - before).toBe(scansOfFirstCount);
  });
});
