import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess } from 'node:child_process';
import { AddressInfo, connect, createServer, Socket } from 'node:net';
import Redis from 'ioredis';
import request from 'supertest';
import { RedisTrackedKeys } from '../../src/cache-store/key-tracking/redis-tracked-keys';
import { normalizeQuestion } from '../../src/common/normalize-question';
import { promptKey } from '../../src/prompt-cache/prompt-key';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { startRedisServer } from '../support/redis-server';

/**
 * A flush of any database reaches every tracking client, so these tests run on a redis-server of
 * their own: the other test files flush theirs all the time, which would keep the tracker rescanning.
 */
describe('Redis key tracking (exact-layer reads skipped for keys Redis does not hold)', () => {
  let server: { url: string; process: ChildProcess };
  let admin: Redis;
  const trackers: RedisTrackedKeys[] = [];
  const connections: Redis[] = [];

  const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 3000) => {
    for (const deadline = Date.now() + ms; !(await check()); ) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const startTracker = async (url = `${server.url}/0`, minRebuildSize?: number) => {
    const connection = new Redis(url);
    connections.push(connection);
    const tracker = new RedisTrackedKeys(connection, 'prompt_cache:', { minRebuildSize });
    trackers.push(tracker);
    tracker.onApplicationBootstrap();
    return { tracker, connection };
  };

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(`${server.url}/0`);
  });
  beforeEach(async () => {
    await admin.flushall();
  });
  afterEach(async () => {
    await Promise.all(trackers.splice(0).map((tracker) => tracker.onApplicationShutdown()));
    connections.splice(0).forEach((connection) => connection.disconnect());
    await admin.flushall();
  });
  afterAll(async () => {
    await admin.quit();
    server.process.kill();
  });

  describe('RedisTrackedKeys', () => {
    it('knows the keys present at start, and that others are absent', async () => {
      await admin.set('prompt_cache:ns:present', 'v');
      const { tracker } = await startTracker();
      await until(() => tracker.trusted, 'trusted');
      expect(tracker.mayExist('prompt_cache:ns:present')).toBe(true);
      expect(tracker.mayExist('prompt_cache:ns:absent')).toBe(false);
    });

    it('learns of a key another client writes, and never rules out keys outside its prefix', async () => {
      const { tracker } = await startTracker();
      await until(() => tracker.trusted, 'trusted');
      await admin.set('prompt_cache:ns:foreign', 'v', 'EX', 60);
      await until(() => tracker.mayExist('prompt_cache:ns:foreign'), 'the write is announced');
      expect(tracker.mayExist('embedding:x')).toBe(true);
    });

    it('counts its own write as present before Redis announces it', async () => {
      const { tracker } = await startTracker();
      await until(() => tracker.trusted, 'trusted');
      expect(tracker.mayExist('prompt_cache:ns:mine')).toBe(false);
      tracker.noteWrite('prompt_cache:ns:mine');
      expect(tracker.mayExist('prompt_cache:ns:mine')).toBe(true);
    });

    it('still knows its keys after a flush of another database (a flush does not say which)', async () => {
      await admin.set('prompt_cache:ns:kept', 'v');
      const { tracker } = await startTracker();
      await until(() => tracker.trusted, 'trusted');
      const other = new Redis(`${server.url}/1`);
      await other.set('prompt_cache:ns:elsewhere', 'v');
      await other.flushdb();
      await other.quit();
      await admin.set('prompt_cache:ns:after-the-flush', 'v');
      await until(() => tracker.mayExist('prompt_cache:ns:after-the-flush'), 'the later write is announced');

      expect(tracker.trusted).toBe(true);
      expect(tracker.mayExist('prompt_cache:ns:kept')).toBe(true);
      expect(tracker.mayExist('prompt_cache:ns:absent')).toBe(false);
    });

    it('stops skipping reads when its connection drops, and rescans after the reconnect', async () => {
      const { tracker } = await startTracker();
      await until(() => tracker.trusted, 'trusted');
      await admin.client('KILL', 'TYPE', 'pubsub');
      await until(() => !tracker.trusted, 'the drop is noticed');
      expect(tracker.mayExist('prompt_cache:ns:written-meanwhile')).toBe(true);
      await admin.set('prompt_cache:ns:written-meanwhile', 'v');
      await until(() => tracker.trusted, 'trusted again');
      expect(tracker.mayExist('prompt_cache:ns:written-meanwhile')).toBe(true);
      expect(tracker.mayExist('prompt_cache:ns:absent')).toBe(false);
    });

    it('forgets removed keys by rescanning once announcements have doubled the set', async () => {
      const { tracker } = await startTracker(undefined, 10);
      await until(() => tracker.trusted, 'trusted');
      for (let i = 0; i < 10; i++) await admin.set(`prompt_cache:ns:gone-${i}`, 'v');
      await admin.unlink(...Array.from({ length: 10 }, (_, i) => `prompt_cache:ns:gone-${i}`));
      await until(() => tracker.mayExist('prompt_cache:ns:gone-9'), 'the writes are announced');
      expect(tracker.mayExist('prompt_cache:ns:gone-0')).toBe(true); // removals look like writes

      await admin.set('prompt_cache:ns:the-eleventh', 'v');

      await until(() => !tracker.mayExist('prompt_cache:ns:gone-0'), 'the rescan drops removed keys');
      expect(tracker.trusted).toBe(true);
      expect(tracker.mayExist('prompt_cache:ns:the-eleventh')).toBe(true);
    });

    it('gives up, skipping nothing, when something between it and Redis drops every connection that asks for tracking', async () => {
      // A stand-in for a proxy without CLIENT TRACKING: relays to Redis, hangs up on any command naming it.
      const redisPort = Number(new URL(server.url).port);
      let trackingAsks = 0;
      const sockets = new Set<Socket>();
      const proxy = createServer((client) => {
        const upstream = connect(redisPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.on('data', (chunk) => {
          if (chunk.toString().toUpperCase().includes('TRACKING')) {
            trackingAsks++;
            client.destroy();
            upstream.destroy();
          } else upstream.write(chunk);
        });
        upstream.on('data', (chunk) => client.write(chunk));
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      // Not through startTracker: both must be closed before the proxy drops their sockets.
      const connection = new Redis(`redis://127.0.0.1:${(proxy.address() as AddressInfo).port}/0`);
      const tracker = new RedisTrackedKeys(connection, 'prompt_cache:');
      try {
        tracker.onApplicationBootstrap();
        await until(() => trackingAsks >= 5, 'five set-ups dropped', 10_000);
        await new Promise((resolve) => setTimeout(resolve, 1000));

        expect(trackingAsks).toBe(5);
        expect(tracker.trusted).toBe(false);
        expect(tracker.mayExist('prompt_cache:ns:absent')).toBe(true);
      } finally {
        await tracker.onApplicationShutdown();
        connection.disconnect();
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => proxy.close(resolve));
      }
    });

    it('skips nothing when Redis refuses CLIENT TRACKING', async () => {
      await admin.acl('SETUSER', 'untracked', 'on', '>pw', '~*', '&*', '+@all', '-client|tracking');
      const { tracker } = await startTracker(`redis://untracked:pw@${server.url.slice('redis://'.length)}/0`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tracker.trusted).toBe(false);
      expect(tracker.mayExist('prompt_cache:ns:absent')).toBe(true);
    });
  });

  describe('through the proxy', () => {
    const upstream = new FakeOpenAiServer();
    let app: NestFastifyApplication | undefined;
    const getsSoFar = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
    const chat = (content: string) =>
      request(app!.getHttpServer()).post('/v1/chat/completions').send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }).expect(200);
    const boot = async (env: Record<string, string> = {}) => {
      app = await createTestApp({ REDIS_URL: `${server.url}/0`, OPENAI_BASE_URL: upstream.baseUrl, OPENAI_API_KEY: 'sk-test', EMBED_PROVIDER: 'lexical', ...env });
      return app;
    };

    beforeAll(() => upstream.start());
    afterEach(async () => {
      await app?.close();
      app = undefined;
      upstream.reset();
    });
    afterAll(() => upstream.stop());

    it('answers a miss on a new prompt without reading Redis, then the repeat from Redis', async () => {
      await boot();
      await until(() => app!.get(RedisTrackedKeys).trusted, 'trusted');
      const before = await getsSoFar();

      const miss = await chat('What is a cache?');
      const getsOnMiss = (await getsSoFar()) - before;
      const hit = await chat('What is a cache?');

      expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['MISS', 'HIT']);
      expect(getsOnMiss).toBe(0);
      expect((await getsSoFar()) - before).toBe(1);
      expect(upstream.calls.chat).toBe(1);
      expect((await request(app!.getHttpServer()).get('/metrics')).text).toMatch(/^llm_cache_key_tracking 1$/m);
    });

    it('serves on one replica, at once, what another just stored: both trusting their tracking', async () => {
      const first = await boot();
      const second = await createTestApp({ REDIS_URL: `${server.url}/0`, OPENAI_BASE_URL: upstream.baseUrl, OPENAI_API_KEY: 'sk-test', EMBED_PROVIDER: 'lexical' });
      try {
        await until(() => first.get(RedisTrackedKeys).trusted && second.get(RedisTrackedKeys).trusted, 'both trusted');
        const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is a cache?' }] };
        await request(first.getHttpServer()).post('/v1/chat/completions').send(body).expect(200).expect('x-cache', 'MISS');
        const key = (await request(first.getHttpServer()).post('/v1/chat/completions').send(body).expect(200)).headers['x-cache-key'];

        expect(second.get(RedisTrackedKeys).mayExist(key)).toBe(true);
        await request(second.getHttpServer()).post('/v1/chat/completions').send(body).expect(200).expect('x-cache', 'HIT');
        expect(upstream.calls.chat).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('reads Redis on every miss with REDIS_KEY_TRACKING=false', async () => {
      await boot({ REDIS_KEY_TRACKING: 'false' });
      const before = await getsSoFar();
      await chat('What is a cache?');
      expect((await getsSoFar()) - before).toBe(1);
      expect((await request(app!.getHttpServer()).get('/metrics')).text).toMatch(/^llm_cache_key_tracking 0$/m);
    });

    it('serves an entry another writer (the Python demo) stores after boot, with no LLM call', async () => {
      await boot();
      await until(() => app!.get(RedisTrackedKeys).trusted, 'trusted');
      const key = promptKey('default', 'gpt-4o-mini', normalizeQuestion('What is Redis?'));
      await admin.set(key, 'An answer stored as a plain string, as the demo does', 'EX', 60);
      await until(() => app!.get(RedisTrackedKeys).mayExist(key), 'the write is announced');

      const response = await request(app!.getHttpServer()).post('/ask').send({ question: 'What is Redis?' }).expect(200);

      expect(response.body).toMatchObject({ source: 'prompt_cache', answer: 'An answer stored as a plain string, as the demo does', cacheKey: key });
      expect(upstream.calls.chat).toBe(0);
    });
  });
});
