import OpenAI from 'openai';
import request from 'supertest';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { waitUntil } from '../support/wait-until';

describe('/v1 proxy: cache controls, errors and the other endpoints', () => {
  const { upstream, app, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const messages = [{ role: 'user' as const, content: 'What is a cache?' }];
  const ask = (headers: Record<string, string> = {}, stream = false) =>
    client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages, stream: stream as false }, { headers })
      .withResponse();

  it('Cache-Control: no-store neither reads nor writes', async () => {
    await ask();
    const { response } = await ask({ 'cache-control': 'no-store' });
    const after = await ask();
    expect(response.headers.get('x-cache')).toBe('BYPASS');
    expect(after.response.headers.get('x-cache')).toBe('HIT');
    expect(upstream.calls.chat).toBe(2);
  });

  it('Cache-Control: no-cache skips the lookup and stores the fresh answer (REFRESH)', async () => {
    await ask({ 'cache-control': 'no-store' });
    const refresh = await ask({ 'cache-control': 'no-cache' });
    const after = await ask();
    expect(refresh.response.headers.get('x-cache')).toBe('REFRESH');
    expect(after.response.headers.get('x-cache')).toBe('HIT');
    expect(upstream.calls.chat).toBe(2);
  });

  it('Cache-Control: max-age=N accepts only entries younger than N seconds', async () => {
    await ask();
    jest.useFakeTimers({
      now: Date.now() + 10_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask', 'performance'],
    });
    try {
      const tooOld = await ask({ 'cache-control': 'max-age=5' });
      const youngEnough = await ask({ 'cache-control': 'max-age=60' });
      expect(tooOld.response.headers.get('x-cache')).toBe('MISS');
      expect(youngEnough.response.headers.get('x-cache')).toBe('HIT');
    } finally {
      jest.useRealTimers();
    }
  });

  it('x-cache-namespace partitions, x-cache-mode off bypasses', async () => {
    await ask();
    expect((await ask({ 'x-cache-namespace': 'tenant-b' })).response.headers.get('x-cache')).toBe('MISS');
    expect((await ask({ 'x-cache-mode': 'off' })).response.headers.get('x-cache')).toBe('BYPASS');
  });

  it('answers 400 in OpenAI error shape for a bad header or body', async () => {
    const badHeader = await request(app().getHttpServer())
      .post('/v1/chat/completions')
      .set('x-cache-threshold', '2')
      .send({ model: 'm', messages })
      .expect(400);
    const badBody = await request(app().getHttpServer())
      .post('/v1/chat/completions')
      .send({ model: 'm', messages: [] })
      .expect(400);
    expect(badHeader.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringMatching(/x-cache-threshold/),
    });
    expect(badBody.body.error.message).toMatch(/messages should not be empty/);
    const badEmbeddings = await request(app().getHttpServer()).post('/v1/embeddings').send([1, 2]).expect(400);
    expect(badEmbeddings.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: 'request body must be a JSON object',
    });
    expect(upstream.calls.chat).toBe(0);
  });

  it.each([429, 500])('passes an upstream %i through with its OpenAI error body and caches nothing', async (status) => {
    upstream.failNext('chat', status);
    const failure = await ask().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((failure as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ message: `injected ${status}` });
    // The client's own retry logic reads these.
    expect((failure as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('0');
    expect((failure as InstanceType<typeof OpenAI.APIError>).headers?.get('x-should-retry')).toBe('true');
    expect((await ask()).response.headers.get('x-cache')).toBe('MISS');
  });

  it('caches nothing from a stream the upstream drops midway', async () => {
    upstream.dropNextStreamAfter(2);
    const { data } = await ask({}, true);
    await expect(
      (async () => {
        for await (const _ of data as unknown as AsyncIterable<unknown>) void _;
      })(),
    ).rejects.toBeDefined();
    expect((await ask()).response.headers.get('x-cache')).toBe('MISS');
  });

  it('caches nothing from a stream the client abandons', async () => {
    upstream.paceStream(50);
    const abort = new AbortController();
    const stream = await client().chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { signal: abort.signal },
    );
    for await (const _ of stream) {
      abort.abort();
      break;
    }
    await waitUntil(() => upstream.abandonedStreams === 1, 'the upstream stream is abandoned too');
    expect((await ask()).response.headers.get('x-cache')).toBe('MISS');
  });

  it('caches /v1/embeddings exactly and forwards /v1/models', async () => {
    const first = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
    });
    const second = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
    });
    const other = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
      dimensions: 64,
    });
    expect(second.data[0].embedding).toEqual(first.data[0].embedding);
    expect(other.data[0].embedding).toHaveLength(64);
    expect(upstream.calls.embeddings).toBe(2);

    const models = await client().models.list();
    expect(models.data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
  });

  it('deletes one entry by the x-cache-key it reported', async () => {
    const { response } = await ask();
    const key = response.headers.get('x-cache-key')!;
    await request(app().getHttpServer())
      .delete(`/cache/entries/${encodeURIComponent(key)}`)
      .expect(200, { deleted: key });
    await request(app().getHttpServer())
      .delete(`/cache/entries/${encodeURIComponent(key)}`)
      .expect(404);
    await request(app().getHttpServer()).delete('/cache/entries/not-a-key').expect(400);
    expect((await ask({ 'x-cache-mode': 'exact' })).response.headers.get('x-cache')).toBe('MISS');
  });
});
