import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const toolCalls = [
  { id: 'call_1', type: 'function' as const, function: { name: 'weather', arguments: '{"city":"Paris","unit":"C"}' } },
];
const tools = [
  { type: 'function' as const, name: 'weather', parameters: { type: 'object', properties: {} }, strict: false },
];

/** Reads a stream to its end (or its error), as a client would. */
async function drain(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch {
    // an `error` event: the SDK throws, the client has what came before
  }
  return events;
}

describe('POST /v1/responses write gates', () => {
  const { upstream, client } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const create = (input: string, extra: Record<string, unknown> = {}) =>
    client()
      .responses.create({ model: 'gpt-4o-mini', input, ...extra, stream: false })
      .withResponse();
  const createStream = (input: string, extra: Record<string, unknown> = {}) =>
    client()
      .responses.create({ model: 'gpt-4o-mini', input, ...extra, stream: true })
      .withResponse();

  describe.each(['length', 'content_filter', 'failed'])('a response that ended with %s', (finishReason) => {
    it('is relayed as JSON but not stored: the repeat is a MISS', async () => {
      upstream.answerWith({ finishReason });
      const first = await create('Cut me');
      const repeat = await create('Cut me');

      expect(first.data.status).toBe(finishReason === 'failed' ? 'failed' : 'incomplete');
      expect([first.response.headers.get('x-cache'), repeat.response.headers.get('x-cache')]).toEqual(['MISS', 'MISS']);
      expect(upstream.calls.responses).toBe(2);
    });

    it('is relayed as a stream but not stored: the repeat is a MISS', async () => {
      upstream.answerWith({ finishReason });
      const first = await createStream('Cut me');
      const events = await drain(first.data);
      const repeat = await createStream('Cut me');
      await drain(repeat.data);

      expect(events.at(-1)?.type).toBe(finishReason === 'failed' ? 'response.failed' : 'response.incomplete');
      expect([first.response.headers.get('x-cache'), repeat.response.headers.get('x-cache')]).toEqual(['MISS', 'MISS']);
      expect(upstream.calls.responses).toBe(2);
    });
  });

  it('does not store a stream that ends with an error event, nor one that breaks off', async () => {
    upstream.answerWith({ finishReason: 'error' });
    await drain((await createStream('Fail me')).data);
    upstream.answerWith({});
    upstream.dropNextStreamAfter(4);
    await drain((await createStream('Fail me')).data);
    const third = await createStream('Fail me');
    const events = await drain(third.data);

    expect(third.response.headers.get('x-cache')).toBe('MISS');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(upstream.calls.responses).toBe(3);
  });

  describe('an answer with function calls', () => {
    it('is stored by exact key: the repeat is a HIT that replays the calls, as JSON and as a stream', async () => {
      upstream.answerWith({ toolCalls, content: null });
      const first = await create('Weather in Paris?', { tools, temperature: 0 });
      const hit = await create('Weather in Paris?', { tools, temperature: 0 });
      const streamed = await client()
        .responses.stream({ model: 'gpt-4o-mini', input: 'Weather in Paris?', tools, temperature: 0 })
        .finalResponse();

      const calls = first.data.output.filter((item) => item.type === 'function_call');
      expect(calls).toEqual([expect.objectContaining({ call_id: 'call_1', name: 'weather' })]);
      expect(hit.response.headers.get('x-cache')).toBe('HIT');
      expect(hit.data.output).toEqual(calls);
      expect(streamed.output).toMatchObject(calls);
      expect(upstream.calls.responses).toBe(1);
    });

    it('is never served to a paraphrase from the semantic layer', async () => {
      upstream.answerWith({ toolCalls, content: null });
      await create('什麼是快取？', { tools, temperature: 0 });
      const paraphrase = await create('請解釋快取是什麼', { tools, temperature: 0 });

      expect(paraphrase.response.headers.get('x-cache')).toBe('MISS');
      expect(upstream.calls.responses).toBe(2);
    });
  });

  it('caches an answer whose message comes after a reasoning item, without it', async () => {
    await create('Think first');
    const hit = await create('Think first');

    expect(hit.response.headers.get('x-cache')).toBe('HIT');
    expect(hit.data.output.map((item) => item.type)).toEqual(['message']);
    expect(hit.data.output_text).toBe(fakeAnswer('Think first'));
  });
});
