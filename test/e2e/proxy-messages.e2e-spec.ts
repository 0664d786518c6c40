import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, streamText } from 'ai';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const MODEL = 'claude-haiku-4-5';
const SERVER_KEY = 'sk-ant-server-key';
const user = (content: string) => [{ role: 'user' as const, content }];
type Params = Anthropic.MessageCreateParamsNonStreaming;
/** A request; `temperature` is sent as callers send it, though this SDK's types no longer list it. */
const ask = (content: string, extra: Partial<Params> & { temperature?: number } = {}): Params => ({
  model: MODEL,
  max_tokens: 256,
  messages: user(content),
  ...extra,
});

/** Reads a stream to its end: the event types in order, and the message the SDK assembled. */
async function drain(stream: MessageStream) {
  const { response } = await stream.withResponse();
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  return { types, message: await stream.finalMessage(), cache: response.headers.get('x-cache') };
}

describe('POST /v1/messages through the real Anthropic clients', () => {
  const { upstream, app } = useAppWithFakeUpstream(
    { EMBED_PROVIDER: 'lexical', ANTHROPIC_API_KEY: SERVER_KEY },
    { listen: true },
  );
  const origin = () => app().getUrl();
  const anthropic = async () => new Anthropic({ baseURL: await origin(), apiKey: 'sk-ant-caller', maxRetries: 0 });
  const create = async (body: Anthropic.MessageCreateParamsNonStreaming, options?: Anthropic.RequestOptions) => {
    const { data, response } = await (await anthropic()).messages.create(body, options).withResponse();
    return { message: data, cache: response.headers.get('x-cache'), key: response.headers.get('x-cache-key') };
  };
  const stream = async (body: Anthropic.MessageCreateParamsNonStreaming) =>
    drain((await anthropic()).messages.stream(body));

  it('answers messages.create from the cache the second time, with a fresh id and the stored usage', async () => {
    const miss = await create(ask('What is a cache?'));
    const hit = await create(ask('What is a cache?'));

    expect([miss.cache, hit.cache]).toEqual(['MISS', 'HIT']);
    expect(miss.message.content).toEqual([{ type: 'text', text: fakeAnswer('What is a cache?') }]);
    expect(hit.message).toMatchObject({ content: miss.message.content, stop_reason: 'end_turn', model: MODEL });
    expect(hit.message.usage).toEqual(miss.message.usage);
    expect(hit.message.id).toMatch(/^msg_cache_/);
    expect(upstream.calls.messages).toBe(1);
    // The SDK's own API version goes upstream (a raw request without one gets 2023-06-01, below).
    expect(upstream.requests[0].headers).toMatchObject({
      'x-api-key': SERVER_KEY,
      'anthropic-version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const metrics = (await (await fetch(`${await origin()}/metrics/json`)).json()) as { proxy: { byRoute: object } };
    expect(metrics.proxy.byRoute).toMatchObject({ messages: 2 });
  });

  it('replays messages.stream as a stream ending in message_stop, with the same final message', async () => {
    const first = await stream(ask('Stream me'));
    const second = await stream(ask('Stream me'));

    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.types[0]).toBe('message_start');
    expect(second.types.at(-1)).toBe('message_stop');
    expect(second.types.filter((type) => type === 'content_block_delta').length).toBeGreaterThan(1);
    expect(first.message.content).toEqual([{ type: 'text', text: fakeAnswer('Stream me') }]);
    expect(second.message.content).toEqual(first.message.content);
    expect(second.message.usage).toEqual(first.message.usage);
    expect(upstream.calls.messages).toBe(1);
  });

  it('replays a streamed answer as JSON and a JSON answer as a stream', async () => {
    const streamed = await stream(ask('A'));
    const json = await create(ask('B'));

    const aAsJson = await create(ask('A'));
    const bAsStream = await stream(ask('B'));

    expect([aAsJson.cache, bAsStream.cache]).toEqual(['HIT', 'HIT']);
    expect(aAsJson.message.content).toEqual(streamed.message.content);
    expect(aAsJson.message.usage).toEqual(streamed.message.usage);
    expect(bAsStream.message.content).toEqual(json.message.content);
    expect(bAsStream.types.at(-1)).toBe('message_stop');
    expect(upstream.calls.messages).toBe(2);
  });

  it('relays a streamed miss byte for byte with the headers an Anthropic client reads (API version 2023-06-01 by default)', async () => {
    const response = await fetch(`${await origin()}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-caller' },
      body: JSON.stringify({ ...ask('Relay me'), stream: true }),
    });

    expect(await response.text()).toBe(upstream.lastStreamBytes);
    expect(upstream.lastStreamBytes).toMatch(/event: message_stop\n/);
    expect(response.headers.get('x-cache')).toBe('MISS');
    expect(response.headers.get('request-id')).toBe('req_1');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('49');
    expect(upstream.requests[0].headers).toMatchObject({ 'x-api-key': SERVER_KEY, 'anthropic-version': '2023-06-01' });
  });

  describe('through the Vercel AI SDK (@ai-sdk/anthropic, base URL with /v1)', () => {
    const model = async () => createAnthropic({ baseURL: `${await origin()}/v1`, apiKey: 'sk-ant-caller' })(MODEL);

    it('answers generateText from the cache the second time', async () => {
      const call = async () => generateText({ model: await model(), prompt: 'What is a cache?', maxRetries: 0 });
      const first = await call();
      const second = await call();

      expect(first.text).toBe(fakeAnswer('What is a cache?'));
      expect(second.text).toBe(first.text);
      expect(second.response.headers?.['x-cache']).toBe('HIT');
      expect(second.usage.outputTokens).toBe(first.usage.outputTokens);
      expect(upstream.calls.messages).toBe(1);
    });

    it('answers streamText from the cache the second time', async () => {
      const call = async () => {
        const result = streamText({ model: await model(), prompt: 'Stream a cache', maxRetries: 0 });
        return { text: await result.text, headers: (await result.response).headers, finish: await result.finishReason };
      };
      const first = await call();
      const second = await call();

      expect(first.text).toBe(fakeAnswer('Stream a cache'));
      expect(second).toMatchObject({ text: first.text, finish: 'stop' });
      expect(second.headers?.['x-cache']).toBe('HIT');
      expect(upstream.calls.messages).toBe(1);
    });
  });

  it('does not store an answer cut off at max_tokens', async () => {
    upstream.answerWith({ finishReason: 'max_tokens' });

    const first = await create(ask('Tell me everything'));
    const second = await create(ask('Tell me everything'));

    expect(first.message.stop_reason).toBe('max_tokens');
    expect([first.cache, second.cache]).toEqual(['MISS', 'MISS']);
    expect(upstream.calls.messages).toBe(2);
  });

  it('serves a tool_use answer on an exact repeat, as JSON and as a stream, never to a paraphrase', async () => {
    upstream.answerWith({
      toolCalls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"快取"}' } }],
    });
    const tools = [
      { name: 'lookup', input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } },
    ];

    const miss = await create(ask('什麼是快取？', { tools, temperature: 0 }));
    const hit = await create(ask('什麼是快取？', { tools, temperature: 0 }));
    const streamed = await stream(ask('什麼是快取？', { tools, temperature: 0 }));
    const paraphrase = await create(ask('請解釋快取是什麼', { tools, temperature: 0 }));

    expect(miss.message).toMatchObject({ stop_reason: 'tool_use' });
    expect(hit).toMatchObject({ cache: 'HIT', message: { stop_reason: 'tool_use', content: miss.message.content } });
    expect(streamed).toMatchObject({ cache: 'HIT', message: { content: miss.message.content } });
    expect(miss.message.content).toContainEqual({
      type: 'tool_use',
      id: 'toolu_1',
      name: 'lookup',
      input: { q: '快取' },
    });
    expect(paraphrase.cache).toBe('MISS');
    expect(upstream.calls.messages).toBe(2);
  });

  it('hits the same entry for a request that differs only in cache_control hints', async () => {
    const request = (hint?: { type: 'ephemeral' }) =>
      ask('', {
        system: [{ type: 'text', text: 'Be brief.', ...(hint && { cache_control: hint }) }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'What is Redis?', ...(hint && { cache_control: hint }) }] },
        ],
      });

    const plain = await create(request());
    const hinted = await create(request({ type: 'ephemeral' }));

    expect([plain.cache, hinted.cache]).toEqual(['MISS', 'HIT']);
    expect(hinted.key).toBe(plain.key);
    expect(upstream.requests[0].body).toMatchObject({ system: [{ text: 'Be brief.' }] });
    expect(upstream.calls.messages).toBe(1);
  });

  it('relays anthropic-version and anthropic-beta upstream, and keys the beta features', async () => {
    const beta = (features: string) => ({ headers: { 'anthropic-beta': features } });

    const first = await create(ask('Beta?'), beta('feature-b,feature-a'));
    const reordered = await create(ask('Beta?'), beta('feature-a, feature-b'));
    const other = await create(ask('Beta?'), beta('feature-c'));

    expect([first.cache, reordered.cache, other.cache]).toEqual(['MISS', 'HIT', 'MISS']);
    expect(upstream.requests.map(({ headers }) => headers['anthropic-beta'])).toEqual([
      'feature-a,feature-b',
      'feature-c',
    ]);
  });

  it('serves a single-turn paraphrase from the semantic cache', async () => {
    await create(ask('什麼是快取？', { temperature: 0 }));
    const paraphrase = await create(ask('請解釋快取是什麼', { temperature: 0 }));

    expect(paraphrase.cache).toBe('SEMANTIC_HIT');
    expect(paraphrase.message.content).toEqual([{ type: 'text', text: fakeAnswer('什麼是快取？') }]);
    expect(upstream.calls.messages).toBe(1);
  });

  it('matches a four-message conversation by exact key only: its paraphrase misses, its repeat hits', async () => {
    const conversation = (question: string) =>
      ask('', {
        temperature: 0,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello! What would you like to know?' },
          { role: 'user', content: 'I have a question about caching.' },
          { role: 'user', content: question },
        ],
      });

    const first = await create(conversation('什麼是快取？'));
    const paraphrase = await create(conversation('請解釋快取是什麼'));
    const verbatim = await create(conversation('什麼是快取？'));

    expect([first.cache, paraphrase.cache, verbatim.cache]).toEqual(['MISS', 'MISS', 'HIT']);
    expect(upstream.calls.messages).toBe(2);
  });

  it("answers the service's own errors in Anthropic's shape and relays the upstream's as they came", async () => {
    const client = await anthropic();
    const invalid = await client.messages
      .create({ model: MODEL, max_tokens: 1, messages: [] })
      .catch((e: unknown) => e);
    upstream.failNext('messages', 529);
    const overloaded = await client.messages.create(ask('Busy?')).catch((e: unknown) => e);

    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
    expect((invalid as APIError).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/messages/) },
    });
    expect(overloaded).toMatchObject({
      status: 529,
      error: { type: 'error', error: { type: 'overloaded_error', message: 'injected 529' } },
    });
  });
});

describe('POST /v1/messages with UPSTREAM_AUTH=passthrough', () => {
  const { upstream, app } = useAppWithFakeUpstream(
    {
      EMBED_PROVIDER: 'lexical',
      ANTHROPIC_API_KEY: SERVER_KEY,
      UPSTREAM_AUTH: 'passthrough',
      CACHE_SECRET: 'e2e-cache-secret-0123456789',
    },
    { listen: true },
  );
  const client = async (apiKey: string) => new Anthropic({ baseURL: await app().getUrl(), apiKey, maxRetries: 0 });

  it("sends the caller's x-api-key upstream, and answers the accepted key's repeat from the cache", async () => {
    upstream.acceptOnlyKeys(['sk-ant-caller']);

    const miss = await (await client('sk-ant-caller')).messages.create(ask('Whose key?')).withResponse();
    const hit = await (await client('sk-ant-caller')).messages.create(ask('Whose key?')).withResponse();
    const madeUp = await (await client('sk-ant-made-up')).messages.create(ask('Whose key?')).catch((e: unknown) => e);

    expect([miss.response.headers.get('x-cache'), hit.response.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(madeUp).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(upstream.keysUsed).toEqual([
      { endpoint: 'messages', key: 'sk-ant-caller' },
      { endpoint: 'messages', key: 'sk-ant-made-up' },
    ]);
  });
});
