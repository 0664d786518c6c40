import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** The text a Responses stream's deltas join to, its last event, and every event type in order. */
async function readEvents(stream: AsyncIterable<ResponseStreamEvent>) {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const text = events.map((e) => (e.type === 'response.output_text.delta' ? e.delta : '')).join('');
  return { text, last: events.at(-1), types: events.map((e) => e.type) };
}

describe('POST /v1/responses through the real openai client', () => {
  const { upstream, app, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const create = (input: string | ResponseInputItem[], extra: Record<string, unknown> = {}) =>
    client()
      .responses.create({ model: 'gpt-4o-mini', input, ...extra, stream: false })
      .withResponse();
  const createStream = (input: string, extra: Record<string, unknown> = {}) =>
    client()
      .responses.create({ model: 'gpt-4o-mini', input, ...extra, stream: true })
      .withResponse();

  it('forwards a miss, then serves the repeat from the cache with the same output_text and usage', async () => {
    const miss = await create('What is a cache?');
    const hit = await create('What is a cache?');

    expect(miss.response.headers.get('x-cache')).toBe('MISS');
    expect(miss.data.output_text).toBe(fakeAnswer('What is a cache?'));
    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(hit.response.headers.get('x-cache-key')).toBe(miss.response.headers.get('x-cache-key'));
    expect(hit.data.output_text).toBe(miss.data.output_text);
    expect(hit.data).toMatchObject({ status: 'completed', usage: miss.data.usage });
    expect(hit.data.id).toMatch(/^resp_cache_/);
    expect(upstream.calls.responses).toBe(1);
  });

  it('relays a streamed miss, then replays it as a stream ending in response.completed with the same text', async () => {
    const first = await readEvents((await createStream('Stream me')).data);
    const { data, response } = await createStream('Stream me');
    const replay = await readEvents(data);
    const final = await client().responses.stream({ model: 'gpt-4o-mini', input: 'Stream me' }).finalResponse();

    expect(first.text).toBe(fakeAnswer('Stream me'));
    expect(response.headers.get('x-cache')).toBe('HIT');
    expect(replay.text).toBe(first.text);
    expect(replay.types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(replay.last).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(final.output_text).toBe(first.text);
    expect(final.usage).toMatchObject({ output_tokens: first.text.length });
    expect(upstream.calls.responses).toBe(1);
  });

  it('replays a streamed answer as JSON and a JSON answer as a stream', async () => {
    await readEvents((await createStream('A')).data);
    await create('B');

    const aAsJson = await create('A');
    const bAsStream = await createStream('B');

    expect(aAsJson.response.headers.get('x-cache')).toBe('HIT');
    expect(aAsJson.data.output_text).toBe(fakeAnswer('A'));
    expect(bAsStream.response.headers.get('x-cache')).toBe('HIT');
    expect((await readEvents(bAsStream.data)).text).toBe(fakeAnswer('B'));
    expect(upstream.calls.responses).toBe(2);
  });

  it.each([
    ['previous_response_id', { previous_response_id: 'resp_earlier' }],
    ['background: true', { background: true }],
  ])('forwards a request with %s every time and never serves it from the cache', async (_case, extra) => {
    const first = await create('Continue', extra);
    const second = await create('Continue', extra);

    expect([first.response.headers.get('x-cache'), second.response.headers.get('x-cache')]).toEqual([
      'BYPASS',
      'BYPASS',
    ]);
    expect(upstream.calls.responses).toBe(2);
  });

  it('serves a paraphrase of a single-turn input from the semantic cache with its similarity', async () => {
    await create('什麼是快取？', { temperature: 0 });
    const { data, response } = await create('請解釋快取是什麼', { temperature: 0 });

    expect(response.headers.get('x-cache')).toBe('SEMANTIC_HIT');
    expect(Number(response.headers.get('x-cache-similarity'))).toBeGreaterThanOrEqual(0.9);
    expect(decodeURIComponent(response.headers.get('x-cache-matched-question')!)).toBe('什麼是快取?');
    expect(data.output_text).toBe(fakeAnswer('什麼是快取？'));
    expect(upstream.calls.responses).toBe(1);
  });

  it('matches a conversation longer than SEMANTIC_MAX_MESSAGES only verbatim, never a paraphrase', async () => {
    const conversation = (question: string): ResponseInputItem[] => [
      { role: 'assistant', content: 'Hi, how can I help?' },
      { role: 'user', content: 'I am learning about servers.' },
      { role: 'assistant', content: 'Great, ask away.' },
      { role: 'user', content: question },
    ];
    await create(conversation('什麼是快取？'), { temperature: 0 });
    const paraphrase = await create(conversation('請解釋快取是什麼'), { temperature: 0 });
    const verbatim = await create(conversation('什麼是快取？'), { temperature: 0 });

    expect(paraphrase.response.headers.get('x-cache')).toBe('MISS');
    expect(verbatim.response.headers.get('x-cache')).toBe('HIT');
    expect(verbatim.data.output_text).toBe(fakeAnswer('什麼是快取？'));
    expect(upstream.calls.responses).toBe(2);
  });

  it('is routed to the upstream /v1/responses, the key ignoring delivery-only fields', async () => {
    await create('Key me', { store: false, metadata: { run: '1' } });
    const hit = await create('Key me', { store: true, user: 'u2', metadata: { run: '2' } });

    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(upstream.requests.map(({ endpoint }) => endpoint)).toEqual(['responses']);
    expect(await (await fetch(`${await app().getUrl()}/metrics/json`)).json()).toMatchObject({
      proxy: { byRoute: { responses: 2 }, bySource: { llm: 1, prompt_cache: 1 } },
    });
  });
});

describe('POST /v1/responses through the Vercel AI SDK default OpenAI provider', () => {
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const model = async () => createOpenAI({ baseURL: `${await app().getUrl()}/v1`, apiKey: 'sk-test' })('gpt-x');

  it('generateText twice: the second is a cache hit with the same text', async () => {
    const first = await generateText({ model: await model(), prompt: 'What is a cache?' });
    const second = await generateText({ model: await model(), prompt: 'What is a cache?' });

    expect(first.text).toBe(fakeAnswer('What is a cache?'));
    expect(second.text).toBe(first.text);
    expect(second.response.headers?.['x-cache']).toBe('HIT');
    expect(second.usage).toMatchObject({ outputTokens: first.text.length });
    expect(upstream.requests.map(({ endpoint }) => endpoint)).toEqual(['responses']);
    expect(upstream.calls).toMatchObject({ responses: 1, chat: 0 });
  });

  it('streamText twice: the second is a cache hit with the same text', async () => {
    const first = streamText({ model: await model(), prompt: 'Stream a cache' });
    const firstText = await first.text;
    const second = streamText({ model: await model(), prompt: 'Stream a cache' });

    expect(firstText).toBe(fakeAnswer('Stream a cache'));
    expect(await second.text).toBe(firstText);
    expect((await second.response).headers?.['x-cache']).toBe('HIT');
    expect(await second.finishReason).toBe('stop');
    expect(upstream.calls.responses).toBe(1);
  });

  it("refers a follow-up turn to a replayed answer by the upstream's own message id", async () => {
    const question = { role: 'user' as const, content: 'What is a cache?' };
    await generateText({ model: await model(), messages: [question] });
    const replayed = await generateText({ model: await model(), messages: [question] });
    await generateText({
      model: await model(),
      messages: [question, ...replayed.response.messages, { role: 'user', content: 'Tell me more.' }],
    });

    expect(replayed.response.headers?.['x-cache']).toBe('HIT');
    // The upstream stored the answer under its id (store defaults to true): a made-up id would be a 404 there.
    expect(upstream.requests.at(-1)?.body.input).toContainEqual({ type: 'item_reference', id: 'msg_resp_1' });
  });
});
