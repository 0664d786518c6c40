import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

const CACHE_SECRET = 'e2e-cache-secret-0123456789';

/** A request whose path no client normalises (fetch would resolve `%2e%2e` itself). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('/v1 forwarded routes: retries, credentials and refusals', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const start = async (env: Record<string, string | undefined>, apiKey = 'sk-test') => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, EMBED_PROVIDER: 'lexical', ...env });
    await app.listen(0, '127.0.0.1');
    return new OpenAI({ apiKey, baseURL: `${await app.getUrl()}/v1`, maxRetries: 0 });
  };
  const statusOf = (error: unknown) => (error as InstanceType<typeof OpenAI.APIError>).status;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('retries a failed GET up to PROXY_MAX_RETRIES, but sends a POST or DELETE once', async () => {
    const client = await start({ PROXY_MAX_RETRIES: '2', LLM_MAX_RETRIES: '2' });

    upstream.other.failNext(503, 1);
    const model = await client.models.retrieve('gpt-x');
    upstream.other.failNext(503, 1);
    const post = await client.moderations.create({ input: 'once' }).catch(statusOf);
    upstream.other.failNext(503, 1);
    const deletion = await client.files.delete('file-1').catch(statusOf);

    expect(model.id).toBe('gpt-x');
    expect(post).toBe(503);
    expect(deletion).toBe(503);
    expect(upstream.other.received.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'DELETE']);
  });

  it("forwards with the caller's own key under UPSTREAM_AUTH=passthrough", async () => {
    const client = await start(
      { UPSTREAM_AUTH: 'passthrough', CACHE_SECRET, OPENAI_API_KEY: 'sk-server' },
      'sk-caller-own',
    );
    await client.moderations.create({ input: 'whose key?' });
    expect(upstream.other.received[0].headers.authorization).toBe('Bearer sk-caller-own');
  });

  it('guards forwarded routes with the API keys', async () => {
    const client = await start({ API_KEYS: 'ka:team-a', CACHE_SECRET }, 'not-a-key');
    const failure = await client.moderations.create({ input: 'let me in' }).catch((error: unknown) => error);

    expect(statusOf(failure)).toBe(401);
    expect((failure as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: 'E_UNAUTHORIZED' });
    expect(upstream.other.received).toHaveLength(0);
  });

  it("answers LlmNotConfiguredError's 503 in OpenAI's shape when no upstream is configured", async () => {
    const client = await start({ OPENAI_BASE_URL: undefined });
    const failure = (await client.completions
      .create({ model: 'gpt-3.5-turbo-instruct', prompt: 'anyone?' })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;

    expect(failure.status).toBe(503);
    expect(failure.error).toMatchObject({ code: 'E_LLM_NOT_CONFIGURED', type: 'server_error', param: null });
    expect(failure.requestID).toMatch(/^req_cache_/);
  });

  it('refuses a path that would leave the upstream API, without calling it', async () => {
    await start({});
    const escape = await rawGet(await app!.getUrl(), '/v1/%2e%2e/secret');

    expect(escape.status).toBe(400);
    expect(JSON.parse(escape.body)).toMatchObject({ error: { code: 'E_INVALID_REQUEST' } });
    expect(upstream.other.received).toHaveLength(0);
  });
});
