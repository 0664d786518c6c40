import { NestFastifyApplication } from '@nestjs/platform-fastify';
import OpenAI from 'openai';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

describe('/v1 proxy options: CACHE_NON_TEXT, STREAM_REPLAY_CHUNK_DELAY_MS, PROXY_MAX_RETRIES', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  const imageMessage = [
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'What is in this picture?' },
        { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      ],
    },
  ];
  const start = async (env: Record<string, string>) => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, EMBED_PROVIDER: 'lexical', ...env });
    await app.listen(0, '127.0.0.1');
    return new OpenAI({ apiKey: 'sk-test', baseURL: `${await app.getUrl()}/v1`, maxRetries: 0 });
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await app?.close();
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('forwards requests with images uncached by default', async () => {
    const client = await start({});
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: imageMessage })
      .withResponse();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: imageMessage });
    expect(response.headers.get('x-cache')).toBe('BYPASS');
    expect(upstream.calls.chat).toBe(2);
  });

  it('caches them by exact match with CACHE_NON_TEXT=true', async () => {
    const client = await start({ CACHE_NON_TEXT: 'true' });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: imageMessage });
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: imageMessage })
      .withResponse();
    expect(response.headers.get('x-cache')).toBe('HIT');
    expect(upstream.calls.chat).toBe(1);
  });

  it('paces a replayed stream by STREAM_REPLAY_CHUNK_DELAY_MS between chunks', async () => {
    const client = await start({ STREAM_REPLAY_CHUNK_DELAY_MS: '25' });
    const messages = [{ role: 'user' as const, content: 'pace me' }];
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const arrivals: number[] = [];
    const asked = Date.now();
    for await (const _ of await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }))
      arrivals.push(Date.now());
    // A lower bound only, from the request on (the first chunk can reach the client late, so the gap
    // between arrivals can be shorter than the pause): pauses are longer on a busy machine, never shorter.
    expect(arrivals.at(-1)! - asked).toBeGreaterThanOrEqual(25 * (arrivals.length - 1) - 2);
    expect(arrivals.length).toBeGreaterThan(2);
  });

  it.each([
    ['JSON', false],
    ['a stream', true],
  ])('retries an upstream 503 up to PROXY_MAX_RETRIES times before answering %s', async (_form, stream) => {
    const client = await start({ PROXY_MAX_RETRIES: '1', LLM_MAX_RETRIES: '0' });
    const messages = [{ role: 'user' as const, content: `retry me ${stream}` }];
    upstream.failNext('chat', 503, 1);
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, stream: stream as false })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('MISS');
    expect(upstream.calls.chat).toBe(2);

    upstream.failNext('chat', 503, 2);
    const failure = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fails twice' }] })
      .catch((error: unknown) => error);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(upstream.calls.chat).toBe(4);
  });

  it('does not retry by default, whatever LLM_MAX_RETRIES says: the client retries (1 call per client attempt)', async () => {
    const client = await start({ LLM_MAX_RETRIES: '2' });
    upstream.failNext('chat', 503, 1);

    const failure = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'no retries here' }] })
      .catch((error: unknown) => error);

    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(upstream.calls.chat).toBe(1);
  });

  it('answers 504 in OpenAI error shape when the upstream is silent past LLM_TIMEOUT_MS, and caches nothing', async () => {
    const client = await start({ LLM_TIMEOUT_MS: '200' });
    const messages = [{ role: 'user' as const, content: 'too slow' }];
    // undici checks its timeouts about twice a second, so the upstream stays silent well past that.
    upstream.delay('chat', 2500);

    const failure = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .catch((error: unknown) => error);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((failure as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: 'timeout',
      message: expect.stringMatching(/LLM_TIMEOUT_MS/),
    });

    upstream.delay('chat', 0);
    const { response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    expect(response.headers.get('x-cache')).toBe('MISS');
  });
});
