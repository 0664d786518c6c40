import OpenAI from 'openai';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
const user = (content: string) => [{ role: 'user' as const, content }];
const toolCalls = [
  { id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '{"city":"Paris","unit":"C"}' } },
  { id: 'call_2', type: 'function' as const, function: { name: 'time', arguments: '{"tz":"Europe/Paris"}' } },
];
const tools = toolCalls.map(({ function: { name } }) => ({
  type: 'function' as const,
  function: { name, parameters: { type: 'object', properties: {} } },
}));

/** The tool calls a client rebuilds from a stream's index-keyed deltas, as the SDKs do. */
async function readStream(stream: AsyncIterable<Chunk>) {
  const calls: { id?: string; type?: string; function: { name: string; arguments: string } }[] = [];
  let text = '';
  let finishReason: string | null = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    text += choice.delta.content ?? '';
    for (const { index, id, type, function: fn } of choice.delta.tool_calls ?? []) {
      const call = (calls[index] ??= { function: { name: '', arguments: '' } });
      if (id) call.id = id;
      if (type) call.type = type;
      if (fn?.name) call.function.name = fn.name;
      call.function.arguments += fn?.arguments ?? '';
    }
    finishReason = choice.finish_reason ?? finishReason;
  }
  return { text, calls, finishReason };
}

describe('POST /v1/chat/completions write gates', () => {
  const { upstream, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });

  describe.each(['length', 'content_filter'])('an answer that finished with %s', (finishReason) => {
    it('is relayed as JSON but not stored: the repeat is a MISS', async () => {
      upstream.answerWith({ finishReason });
      const ask = () =>
        client()
          .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Cut me') })
          .withResponse();
      const first = await ask();
      const repeat = await ask();

      expect(first.data.choices[0]).toMatchObject({
        message: { content: fakeAnswer('Cut me') },
        finish_reason: finishReason,
      });
      expect([first.response.headers.get('x-cache'), repeat.response.headers.get('x-cache')]).toEqual(['MISS', 'MISS']);
      expect(upstream.calls.chat).toBe(2);
    });

    it('is relayed as a stream but not stored: the repeat is a MISS', async () => {
      upstream.answerWith({ finishReason });
      const ask = () =>
        client()
          .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Cut me'), stream: true })
          .withResponse();
      const first = await ask();
      const relayed = await readStream(first.data);
      const repeat = await ask();
      await readStream(repeat.data);

      expect(relayed).toMatchObject({ text: fakeAnswer('Cut me'), finishReason });
      expect([first.response.headers.get('x-cache'), repeat.response.headers.get('x-cache')]).toEqual(['MISS', 'MISS']);
      expect(upstream.calls.chat).toBe(2);
    });
  });

  describe('an answer with tool calls', () => {
    const askStream = (content: string) =>
      client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: user(content),
        tools,
        temperature: 0,
        stream: true,
      });

    it('is stored by exact key: the identical repeat is a HIT that replays the tool calls, as JSON and as a stream', async () => {
      upstream.answerWith({ toolCalls, content: null });
      const first = await client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Weather in Paris?'), tools, temperature: 0 })
        .withResponse();
      const hit = await client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Weather in Paris?'), tools, temperature: 0 })
        .withResponse();
      const streamedHit = await readStream(await askStream('Weather in Paris?'));

      expect(first.data.choices[0].message.tool_calls).toEqual(toolCalls);
      expect(hit.response.headers.get('x-cache')).toBe('HIT');
      expect(hit.data.choices[0]).toMatchObject({
        message: { role: 'assistant', content: null, tool_calls: toolCalls },
        finish_reason: 'tool_calls',
      });
      expect(streamedHit).toEqual({ text: '', calls: toolCalls, finishReason: 'tool_calls' });
      expect(upstream.calls.chat).toBe(1);
    });

    it('is assembled from a stream and replayed as JSON', async () => {
      upstream.answerWith({ toolCalls, content: null });
      const relayed = await readStream(await askStream('Weather in Paris?'));
      const hit = await client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Weather in Paris?'), tools, temperature: 0 })
        .withResponse();

      expect(relayed.calls).toEqual(toolCalls);
      expect(hit.response.headers.get('x-cache')).toBe('HIT');
      expect(hit.data.choices[0]).toMatchObject({ message: { tool_calls: toolCalls }, finish_reason: 'tool_calls' });
      expect(upstream.calls.chat).toBe(1);
    });

    it('is never served to a paraphrase from the semantic layer', async () => {
      upstream.answerWith({ toolCalls, content: null });
      await client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: user('什麼是快取？'),
        tools,
        temperature: 0,
      });
      const paraphrase = await client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('請解釋快取是什麼'), tools, temperature: 0 })
        .withResponse();

      expect(paraphrase.response.headers.get('x-cache')).toBe('MISS');
      expect(upstream.calls.chat).toBe(2);
    });
  });
});

describe('POST /v1/chat/completions with CACHE_MAX_ENTRY_BYTES', () => {
  const { upstream, client } = useAppWithFakeUpstream(
    { EMBED_PROVIDER: 'lexical', CACHE_MAX_ENTRY_BYTES: '24' },
    { listen: true },
  );

  it('relays an answer over the limit but does not store it', async () => {
    const ask = () =>
      client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('A long one') })
        .withResponse();
    const first = await ask();
    const repeat = await ask();

    expect(Buffer.byteLength(fakeAnswer('A long one'))).toBeGreaterThan(24);
    expect(first.data.choices[0].message.content).toBe(fakeAnswer('A long one'));
    expect(repeat.response.headers.get('x-cache')).toBe('MISS');
    expect(upstream.calls.chat).toBe(2);
  });

  it('stores an answer within the limit', async () => {
    upstream.answerWith({ content: 'Short.' });
    const ask = () =>
      client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: user('Short?') })
        .withResponse();
    await ask();

    expect((await ask()).response.headers.get('x-cache')).toBe('HIT');
  });
});
