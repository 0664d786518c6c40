import OpenAI, { toFile } from 'openai';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { waitUntil } from '../support/wait-until';

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('/v1 routes without a front end: forwarded as they came, never cached', () => {
  const { upstream, app, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const received = () => upstream.other.received;
  const metrics = async () => (await fetch(`${await app().getUrl()}/metrics`)).text();

  it('forwards GET /v1/models/{id} with its query string, and keeps GET /v1/models its own', async () => {
    const { data: model, request_id } = await client()
      .models.retrieve('gpt-x', { query: { verbose: 'true' } })
      .withResponse();
    const list = await client().models.list();

    expect(model).toMatchObject({ id: 'gpt-x', object: 'model' });
    expect(request_id).toBe('req_other_1');
    expect(received().map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/models/gpt-x?verbose=true']);
    expect(list.data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
    expect(upstream.calls.models).toBe(1);
    const text = await metrics();
    expect(sample(text, 'llm_cache_forwarded_requests_total', 'route="other",outcome="success"')).toBe(1);
    expect(sample(text, 'llm_cache_forwarded_requests_total', 'route="models",outcome="success"')).toBe(1);
    expect(sample(text, 'llm_cache_http_requests_total', 'method="GET",route="/v1/models",status="200"')).toBe(1);
  });

  it('forwards POST /v1/moderations every time, without x-cache', async () => {
    const first = await client().moderations.create({ input: 'I hate caches' }).withResponse();
    const second = await client().moderations.create({ input: 'I hate caches' });

    expect(first.data.results[0].flagged).toBe(true);
    expect(second.results[0].flagged).toBe(true);
    expect(first.response.headers.get('x-cache')).toBeNull();
    expect(received()).toHaveLength(2);
    expect(JSON.parse(received()[0].body.toString())).toEqual({ input: 'I hate caches' });
  });

  it('forwards POST /v1/completions as JSON and as a stream relayed while the upstream is still sending', async () => {
    const json = await client().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hi' });
    const release = upstream.other.holdStreamAfterFirstChunk();
    const stream = await client().completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hi',
      stream: true,
    });
    const chunks = stream[Symbol.asyncIterator]();
    // The upstream holds back its second chunk: the first arrives only if the proxy does not buffer.
    const first = await chunks.next();
    release();
    const rest: string[] = [];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest.push(next.value.choices[0].text);

    expect(json.choices[0].text).toBe(' completed: Say hi');
    expect(first.done).toBe(false);
    expect([(first.value as OpenAI.Completion).choices[0].text, ...rest].join('')).toBe(' completed: Say hi');
    expect(received()).toHaveLength(2);
  });

  it('ends the upstream call of a forwarded stream when the client leaves', async () => {
    const release = upstream.other.holdStreamAfterFirstChunk();
    const abort = new AbortController();
    const stream = await client().completions.create(
      { model: 'gpt-3.5-turbo-instruct', prompt: 'Leave me', stream: true },
      { signal: abort.signal },
    );
    for await (const _ of stream) {
      abort.abort();
      break;
    }
    await waitUntil(() => upstream.other.abandonedStreams === 1, 'the upstream stream is abandoned too');
    release();
    // The client's next call (on the socket its abort left it) still goes through.
    expect((await client().models.retrieve('next')).id).toBe('next');
  });

  it('forwards a multipart upload (client.files.create) and a binary body byte for byte', async () => {
    const content = Buffer.from('{"custom_id":"1"}\n\u00ff\u0000 binary tail', 'latin1');
    const file = await client().files.create({ file: await toFile(content, 'batch.jsonl'), purpose: 'batch' });
    const boundary = 'proxy-test-boundary';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="purpose"\r\n\r\nbatch\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="raw.bin"\r\n`),
      Buffer.from('content-type: application/octet-stream\r\n\r\n'),
      Buffer.from([0, 255, 13, 10, 128, 1]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const raw = await fetch(`${await app().getUrl()}/v1/files`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart,
    });

    expect(file).toMatchObject({ id: 'file-1', filename: 'batch.jsonl', bytes: content.length, purpose: 'batch' });
    expect(upstream.other.files[0].content.equals(content)).toBe(true);
    expect(raw.status).toBe(200);
    expect(received()[1].body.equals(multipart)).toBe(true);
    expect(received()[1].headers['content-type']).toBe(`multipart/form-data; boundary=${boundary}`);
    expect(upstream.other.files[1].content.equals(Buffer.from([0, 255, 13, 10, 128, 1]))).toBe(true);
  });

  it('relays a binary download and forwards DELETE /v1/files/{id}', async () => {
    const download = await client().files.content('file-1');
    const deleted = await client().files.delete('file-1');

    expect(Buffer.from(await download.arrayBuffer()).equals(upstream.other.fileContent)).toBe(true);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(deleted).toEqual({ id: 'file-1', object: 'file', deleted: true });
    expect(received().map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /v1/files/file-1/content',
      'DELETE /v1/files/file-1',
    ]);
  });

  it("answers a route the upstream does not know with the upstream's own 404 and message", async () => {
    const failure = (await client()
      .post('/does-not-exist', { body: { a: 1 } })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;

    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    expect(failure.error).toEqual({
      message: 'Invalid URL (POST /v1/does-not-exist)',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    expect(failure.message).toMatch(/Invalid URL \(POST \/v1\/does-not-exist\)/);
    expect(failure.requestID).toBe('req_other_1');
    const text = await metrics();
    expect(sample(text, 'llm_cache_forwarded_requests_total', 'route="other",outcome="error"')).toBe(1);
  });

  it('keeps chat completions and embeddings on their cached routes', async () => {
    const messages = [{ role: 'user' as const, content: 'still cached?' }];
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    const { response } = await client().chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
    const embeddings = await client()
      .embeddings.create({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'float' })
      .withResponse();

    expect(response.headers.get('x-cache')).toBe('HIT');
    expect(embeddings.response.headers.get('x-cache')).toBe('MISS');
    expect(received()).toHaveLength(0);
  });

  it("keeps the 415 of a body the service cannot read on its own routes, in OpenAI's error shape", async () => {
    const response = await fetch(`${await app().getUrl()}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([1, 2, 3]),
    });

    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: {
        message: 'Unsupported Media Type',
        type: 'invalid_request_error',
        param: null,
        code: 'E_UNSUPPORTED_MEDIA_TYPE',
      },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^req_cache_[0-9a-f]{32}$/);
    expect(upstream.calls.chat).toBe(0);
  });
});
