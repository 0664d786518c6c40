import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import request from 'supertest';
import { derivedNamespace } from '../../src/access/key-digest';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';

const CACHE_SECRET = 'e2e-cache-secret-0123456789';
const SERVER_KEY = 'sk-server-own-key';
const VALID = 'sk-valid-caller-key-123';
const MADE_UP = 'sk-made-up-key-456';
const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Whatever a Redis key holds, as strings (DUMP could compress a value and hide what it holds). */
async function valueOf(client: Redis, key: string): Promise<unknown> {
  switch (await client.type(key)) {
    case 'string':
      return client.getBuffer(key).then((value) => value?.toString('latin1'));
    case 'hash':
      return client.hgetall(key);
    case 'list':
      return client.lrange(key, 0, -1);
    case 'set':
      return client.smembers(key);
    case 'zset':
      return client.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return client.xrange(key, '-', '+');
    default:
      return (await client.dumpBuffer(key))?.toString('latin1');
  }
}

describe('UPSTREAM_AUTH', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const boot = async (env: Record<string, string>) => {
    app = await createTestApp({
      OPENAI_BASE_URL: upstream.baseUrl,
      OPENAI_API_KEY: SERVER_KEY,
      EMBED_PROVIDER: 'lexical',
      CACHE_SECRET,
      ...env,
    });
    return request(app.getHttpServer());
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => {
    upstream.reset();
    upstream.acceptOnlyKeys([VALID, SERVER_KEY]);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  describe('server (the default)', () => {
    it("sends the server's key upstream, never the caller's Bearer", async () => {
      const http = await boot({});

      const first = await http.post('/v1/chat/completions').set(bearer('sk-caller')).send(chat('Hi?')).expect(200);
      const second = await http.post('/v1/chat/completions').set(bearer('sk-other')).send(chat('Hi?')).expect(200);

      expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
      expect(upstream.keysUsed).toEqual([{ endpoint: 'chat', key: SERVER_KEY }]);
    });
  });

  describe('passthrough without service keys (in process)', () => {
    const env = { UPSTREAM_AUTH: 'passthrough' };

    it("sends the caller's key upstream on /ask, chat, embeddings and models, not OPENAI_API_KEY", async () => {
      const http = await boot(env);

      await http.post('/ask').set(bearer(VALID)).send({ question: 'Why?' }).expect(200);
      await http.post('/v1/chat/completions').set(bearer(VALID)).send(chat('How?')).expect(200);
      await http
        .post('/v1/embeddings')
        .set(bearer(VALID))
        .send({ model: 'text-embedding-3-small', input: 'x' })
        .expect(200);
      await http.get('/v1/models').set(bearer(VALID)).expect(200);

      expect(upstream.keysUsed.map(({ key }) => key)).toEqual([VALID, VALID, VALID, VALID]);
    });

    it('misses on a valid key until the upstream accepts it, then hits, in a namespace derived from the key', async () => {
      const http = await boot(env);

      const first = await http.post('/ask').set(bearer(VALID)).send({ question: 'Why?' }).expect(200);
      const second = await http.post('/ask').set(bearer(VALID)).send({ question: 'Why?' }).expect(200);

      expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
      expect(second.body).toMatchObject({ source: 'prompt_cache', namespace: derivedNamespace(CACHE_SECRET, VALID) });
      expect(upstream.calls.chat).toBe(1);
    });

    it("relays the upstream's 401 to a made-up key: in OpenAI's shape on /v1, E_UNAUTHORIZED on /ask", async () => {
      const http = await boot(env);

      const proxied = await http.post('/v1/chat/completions').set(bearer(MADE_UP)).send(chat('Hi?')).expect(401);
      const asked = await http.post('/ask').set(bearer(MADE_UP)).send({ question: 'Hi?' }).expect(401);

      expect(proxied.body).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
      expect(asked.body).toMatchObject({ code: 'E_UNAUTHORIZED' });
      expect(upstream.keysUsed.map(({ key }) => key)).toEqual([MADE_UP, MADE_UP]);
    });

    it('answers 401 without an upstream key, without calling the upstream', async () => {
      const http = await boot(env);

      const response = await http.post('/ask').send({ question: 'Hi?' }).expect(401);

      expect(response.body.message).toMatch(/Authorization: Bearer/);
      expect(upstream.keysUsed).toEqual([]);
    });

    it('takes the upstream key from x-api-key too (where the Anthropic SDK sends it)', async () => {
      const http = await boot(env);

      await http.post('/ask').set('x-api-key', VALID).send({ question: 'Hi?' }).expect(200);
      await http.post('/ask').set('x-api-key', MADE_UP).send({ question: 'Hi?' }).expect(401);

      expect(upstream.keysUsed.map(({ key }) => key)).toEqual([VALID, MADE_UP]);
    });
  });

  describe('passthrough with service keys, on Redis', () => {
    const env = () => ({ UPSTREAM_AUTH: 'passthrough', API_KEYS: 'svc-team-key:team', REDIS_URL: redis.url });
    const as = (upstreamKey: string) => ({ ...bearer(upstreamKey), 'x-api-key': 'svc-team-key' });

    it("gives a made-up key the upstream's 401, not the answer a valid key cached in the same namespace", async () => {
      const http = await boot(env());

      const miss = await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Hi?')).expect(200);
      const hit = await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Hi?')).expect(200);
      const madeUp = await http.post('/v1/chat/completions').set(as(MADE_UP)).send(chat('Hi?')).expect(401);

      expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['MISS', 'HIT']);
      expect(madeUp.body).toMatchObject({ error: { code: 'invalid_api_key' } });
      expect(JSON.stringify(madeUp.body)).not.toContain('Fake answer');
      expect(upstream.keysUsed.map(({ key }) => key)).toEqual([VALID, MADE_UP]);
    });

    it('remembers an accepted key as an HMAC with a TTL, the raw key nowhere in Redis', async () => {
      const http = await boot(env());

      await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Hi?')).expect(200);

      const client = redis.client();
      const marks = await client.keys('llm_cache_accepted_key:*');
      expect(marks).toEqual([expect.stringMatching(/^llm_cache_accepted_key:[0-9a-f]{64}$/)]);
      const ttl = await client.ttl(marks[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(1); // the answer's entries too
      for (const key of keys) {
        expect(key).not.toContain(VALID);
        expect(JSON.stringify(await valueOf(client, key))).not.toContain(VALID);
      }
    });

    it('does not let a made-up key follow a valid key’s call in flight', async () => {
      const http = await boot(env());
      await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Warm-up?')).expect(200);
      const release = upstream.hold('chat');

      const leader = http
        .post('/v1/chat/completions')
        .set(as(VALID))
        .send(chat('Same?'))
        .then((r) => r);
      await upstream.whenCalled('chat', 2);
      const madeUp = await http.post('/v1/chat/completions').set(as(MADE_UP)).send(chat('Same?'));
      release();

      expect(madeUp.status).toBe(401);
      expect((await leader).status).toBe(200);
      expect(upstream.keysUsed.map(({ key }) => key)).toEqual([VALID, VALID, MADE_UP]);
    });

    it('forgets a key the upstream refuses later: it reads nothing more', async () => {
      const http = await boot(env());
      await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Hi?')).expect(200);
      upstream.acceptOnlyKeys([]); // the key is revoked upstream

      await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Other?')).expect(401);
      await http.post('/v1/chat/completions').set(as(VALID)).send(chat('Hi?')).expect(401);

      expect(await redis.client().keys('llm_cache_accepted_key:*')).toEqual([]);
    });

    it('refuses a service key in Authorization, and a request without x-api-key', async () => {
      const http = await boot(env());

      const swapped = await http.post('/ask').set(bearer('svc-team-key')).send({ question: 'Hi?' }).expect(401);
      const noServiceKey = await http.post('/ask').set(bearer(VALID)).send({ question: 'Hi?' }).expect(401);

      expect(swapped.body.message).toMatch(/x-api-key/);
      expect(noServiceKey.body.message).toMatch(/x-api-key/);
      expect(upstream.keysUsed).toEqual([]);
    });
  });

  it('fails to start in passthrough without CACHE_SECRET, naming it', async () => {
    await expect(
      createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, UPSTREAM_AUTH: 'passthrough', EMBED_PROVIDER: 'lexical' }),
    ).rejects.toThrow(/CACHE_SECRET/);
  });
});
