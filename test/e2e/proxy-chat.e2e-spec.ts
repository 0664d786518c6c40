import OpenAI from 'openai';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

describe('POST /v1/chat/completions through the real openai client', () => {
  const { upstream, app, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const user = (content: string) => [{ role: 'user' as const, content }];

  const streamText = async (stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) => {
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, text: chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('') };
  };

  it('forwards a miss unchanged, then serves the repeat from the cache with x-cache HIT', async () => {
    const miss = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: user('What is a cache?') })
      .withResponse();
    const hit = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: user('What is a cache?') })
      .withResponse();

    expect(miss.response.headers.get('x-cache')).toBe('MISS');
    expect(miss.data.choices[0].message.content).toBe(fakeAnswer('What is a cache?'));
    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(hit.response.headers.get('x-cache-key')).toBe(miss.response.headers.get('x-cache-key'));
    expect(hit.data.choices[0]).toMatchObject({
      message: { role: 'assistant', content: miss.data.choices[0].message.content },
      finish_reason: 'stop',
    });
    expect(hit.data.usage).toEqual(miss.data.usage);
    expect(upstream.calls.chat).toBe(1);
  });

  it('relays a streamed miss, then replays it as a stream whose deltas join to the same text', async () => {
    const first = await streamText(
      await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('Stream me'), stream: true }),
    );
    const { data: replay, response } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Stream me'), stream: true })
      .withResponse();
    const second = await streamText(replay);

    expect(first.text).toBe(fakeAnswer('Stream me'));
    expect(response.headers.get('x-cache')).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.chunks.length).toBeGreaterThan(2);
    expect(second.chunks[0].choices[0].delta.role).toBe('assistant');
    expect(second.chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
    expect(upstream.calls.chat).toBe(1);
  });

  it('relays a miss byte for byte with the upstream headers an OpenAI client reads, under its own x-cache', async () => {
    const post = async (stream: boolean) =>
      fetch(`${await app().getUrl()}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: user(`Relay me ${stream}`), stream }),
      });

    const streamed = await post(true);
    const streamedText = await streamed.text();
    const json = await post(false);

    expect(streamedText).toBe(upstream.lastStreamBytes);
    expect(streamedText).toMatch(/data: \[DONE\]\n\n$/);
    for (const response of [streamed, json]) {
      expect(response.headers.get('x-cache')).toBe('MISS');
      expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('4999');
    }
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    expect(await json.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: fakeAnswer('Relay me false') } }],
    });
  });

  it('replays a streamed answer as JSON and a JSON answer as a stream', async () => {
    await streamText(
      await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('A'), stream: true }),
    );
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('B') });

    const aAsJson = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('A') });
    const bAsStream = await streamText(
      await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('B'), stream: true }),
    );

    expect(aAsJson.choices[0].message.content).toBe(fakeAnswer('A'));
    expect(bAsStream.text).toBe(fakeAnswer('B'));
    expect(upstream.calls.chat).toBe(2);
  });

  it('keeps usage in a replayed stream when the caller asks for it', async () => {
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('usage?') });
    const replay = await streamText(
      await client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: user('usage?'),
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(replay.chunks.at(-1)?.usage).toMatchObject({ completion_tokens: fakeAnswer('usage?').length });
  });

  it('serves a paraphrase of the last user message from the semantic cache with its similarity', async () => {
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: user('什麼是快取？'), temperature: 0 });
    const { data, response } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: user('請解釋快取是什麼'), temperature: 0 })
      .withResponse();

    expect(response.headers.get('x-cache')).toBe('SEMANTIC_HIT');
    expect(Number(response.headers.get('x-cache-similarity'))).toBeGreaterThanOrEqual(0.9);
    expect(decodeURIComponent(response.headers.get('x-cache-matched-question')!)).toBe('什麼是快取?');
    expect(data.choices[0].message.content).toBe(fakeAnswer('什麼是快取？'));
    expect(upstream.calls.chat).toBe(1);
  });

  it.each([
    ['a different temperature', { temperature: 0.2 }],
    [
      'a system prompt',
      { messages: [{ role: 'system' as const, content: 'Answer in French.' }, ...user('What is a cache?')] },
    ],
    [
      'tools',
      {
        tools: [
          { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
        ],
      },
    ],
    ['a different model', { model: 'gpt-4o' }],
  ])('misses for %s', async (_case, change) => {
    await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: user('What is a cache?'),
      temperature: 0,
    });
    const { response } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: user('What is a cache?'), temperature: 0, ...change })
      .withResponse();
    expect(response.headers.get('x-cache')).toBe('MISS');
    expect(upstream.calls.chat).toBe(2);
  });

  it('never matches a follow-up question across different conversations', async () => {
    const conversation = (topic: string) => [
      { role: 'user' as const, content: `Tell me about ${topic}` },
      { role: 'assistant' as const, content: `${topic} is a person.` },
      { role: 'user' as const, content: 'How old is he?' },
    ];
    await client().chat.completions.create({ model: 'gpt-4o-mini', messages: conversation('Alice'), temperature: 0 });
    const { response } = await client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: conversation('Bob'), temperature: 0 })
      .withResponse();
    expect(response.headers.get('x-cache')).toBe('MISS');
  });

  describe('the agent-safe semantic policy (SEMANTIC_MAX_MESSAGES=3, tool results exact only)', () => {
    type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
    const question = '什麼是快取？';
    const paraphrase = '請解釋快取是什麼';
    /** `turns` messages alternating user and assistant, the last one the user's `last`. */
    const conversation = (turns: number, last: string): Message[] =>
      Array.from({ length: turns }, (_, i): Message => {
        const fromEnd = turns - 1 - i;
        if (fromEnd === 0) return { role: 'user', content: last };
        return fromEnd % 2 === 0
          ? { role: 'user', content: `Earlier question ${i}` }
          : { role: 'assistant', content: `Earlier answer ${i}` };
      });
    const toolTurn = (last: string): Message[] => [
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'glossary', arguments: '{"term":"快取"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '快取: a cache' },
      { role: 'user', content: last },
    ];
    const statusOf = async (messages: Message[]) =>
      (
        await client().chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0 }).withResponse()
      ).response.headers.get('x-cache');

    it.each([2, 3])('serves a paraphrase in a %i-message conversation from the semantic layer', async (turns) => {
      await statusOf(conversation(turns, question));
      expect(await statusOf(conversation(turns, paraphrase))).toBe('SEMANTIC_HIT');
      expect(upstream.calls.chat).toBe(1);
    });

    it('matches a longer conversation only exactly: a paraphrase misses, the same words hit', async () => {
      await statusOf(conversation(4, question));
      expect(await statusOf(conversation(4, paraphrase))).toBe('MISS');
      expect(await statusOf(conversation(4, question))).toBe('HIT');
      expect(upstream.calls.chat).toBe(2);
    });

    it('never serves a conversation carrying a tool result to a paraphrase', async () => {
      await statusOf(toolTurn(question));
      expect(await statusOf(toolTurn(paraphrase))).toBe('MISS');
      expect(await statusOf(toolTurn(question))).toBe('HIT');
      expect(upstream.calls.chat).toBe(2);
    });
  });
});
