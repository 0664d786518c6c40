import { fakeResponseEvents, fakeSseOf, FakeResponseSpec, functionCallsOf } from '../../../test/support/fake-responses';
import { ResponsesStreamAssembler } from './responses-stream-assembler';

const spec = (overrides: Partial<FakeResponseSpec> = {}): FakeResponseSpec => ({
  id: 'r1',
  model: 'gpt-4o-mini',
  text: 'Hello, cache',
  functionCalls: [],
  finishReason: 'stop',
  inputTokens: 3,
  pieces: ['Hel', 'lo, ', 'cache'],
  ...overrides,
});
const sse = (events: Record<string, unknown>[]) => Buffer.from(events.map(fakeSseOf).join(''));

/** Feeds `bytes` to a new assembler in pieces of `size` bytes. */
function assemble(bytes: Buffer, size = bytes.length) {
  const sut = new ResponsesStreamAssembler();
  for (let i = 0; i < bytes.length; i += size) sut.feed(bytes.subarray(i, i + size));
  return sut.result();
}

describe(ResponsesStreamAssembler.name, () => {
  it('rebuilds the text, message id and usage of a completed stream however its bytes are split', () => {
    const bytes = sse(fakeResponseEvents(spec({ text: '快取 🚀 cache', pieces: ['快取 ', '🚀 cache'] })));
    for (const size of [1, 2, 7, bytes.length])
      expect(assemble(bytes, size)).toEqual({
        complete: true,
        error: false,
        refusal: false,
        answer: {
          answer: '快取 🚀 cache',
          finishReason: 'stop',
          itemId: 'msg_r1',
          tokens: 11,
          usage: { prompt: 3, completion: 11, total: 14 },
        },
      });
  });

  it('keeps function calls in their native item form', () => {
    const toolCalls = [{ id: 'call_1', function: { name: 'weather', arguments: '{"city":"Paris"}' } }];
    const read = assemble(sse(fakeResponseEvents(spec({ text: null, functionCalls: functionCallsOf(toolCalls) }))));

    expect(read.answer).toMatchObject({
      answer: '',
      toolCalls: [
        {
          type: 'function_call',
          id: 'fc_call_1',
          call_id: 'call_1',
          name: 'weather',
          arguments: '{"city":"Paris"}',
          status: 'completed',
        },
      ],
    });
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content_filter'],
  ])('reads an incomplete response cut by %s as finished with %s', (finishReason, expected) => {
    expect(assemble(sse(fakeResponseEvents(spec({ finishReason }))))).toMatchObject({
      complete: true,
      answer: { finishReason: expected },
    });
  });

  it('reports response.failed and an error event as errors', () => {
    expect(assemble(sse(fakeResponseEvents(spec({ finishReason: 'failed' }))))).toMatchObject({ error: true });
    expect(assemble(sse(fakeResponseEvents(spec({ finishReason: 'error' }))))).toMatchObject({
      complete: false,
      error: true,
    });
  });

  it('reports a stream cut off before its last event as incomplete', () => {
    expect(assemble(sse(fakeResponseEvents(spec()).slice(0, -1)))).toEqual({ complete: false, error: false });
  });

  it('reports a refusal', () => {
    const events = fakeResponseEvents(spec()).map((event) =>
      event.type === 'response.output_item.done'
        ? { ...event, item: { ...(event.item as object), content: [{ type: 'refusal', refusal: 'No.' }] } }
        : event,
    );
    expect(assemble(sse(events))).toMatchObject({ complete: true, refusal: true });
  });

  it.each([
    ['an event that is not JSON', (bytes: Buffer) => Buffer.concat([Buffer.from('data: {oops\n\n'), bytes])],
    [
      'an item a replay could not give back (a hosted tool call)',
      () => sse(fakeResponseEvents(spec()).map((e) => withItem(e, { type: 'web_search_call', id: 'ws_1' }))),
    ],
    [
      'a text with annotations',
      () => sse(fakeResponseEvents(spec()).map((e) => withItem(e, annotated(e.item as Record<string, unknown>)))),
    ],
  ])('reads no answer from a stream with %s', (_case, build) => {
    expect(assemble(build(sse(fakeResponseEvents(spec())))).answer).toBeUndefined();
  });
});

/** The event with its done message item replaced. */
function withItem(event: Record<string, unknown>, item: Record<string, unknown>) {
  const done = event.type === 'response.output_item.done' && (event.item as { type: string }).type === 'message';
  return done ? { ...event, item } : event;
}

function annotated(item: Record<string, unknown>) {
  const annotation = { type: 'url_citation', start_index: 0, end_index: 1, url: 'https://x', title: 'x' };
  const [part] = (item?.content as Record<string, unknown>[] | undefined) ?? [{}];
  return { ...item, content: [{ ...part, annotations: [annotation] }] };
}
