import { MessageStreamAssembler } from './message-stream-assembler';

type Event = { type: string } & Record<string, unknown>;
const sse = (events: Event[]) =>
  Buffer.from(events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''));
const start = (usage = { input_tokens: 9, output_tokens: 1 }): Event => ({
  type: 'message_start',
  message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], stop_reason: null, usage },
});
const delta = (index: number, d: Record<string, unknown>): Event => ({ type: 'content_block_delta', index, delta: d });
const text = (index: number, ...pieces: string[]): Event[] => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  ...pieces.map((piece) => delta(index, { type: 'text_delta', text: piece })),
  { type: 'content_block_stop', index },
];
const end = (stop_reason: string, output_tokens = 5, stop_sequence: string | null = null): Event[] => [
  { type: 'message_delta', delta: { stop_reason, stop_sequence }, usage: { output_tokens } },
  { type: 'message_stop' },
];

/** Feeds `bytes` to a new assembler in pieces of `size` bytes. */
function assemble(bytes: Buffer, size = bytes.length) {
  const sut = new MessageStreamAssembler();
  for (let i = 0; i < bytes.length; i += size) sut.feed(bytes.subarray(i, i + size));
  return sut.result();
}

describe(MessageStreamAssembler.name, () => {
  it('rebuilds the text, stop reason and usage of a finished stream, however the bytes are split', () => {
    const bytes = sse([start(), { type: 'ping' }, ...text(0, 'Hel', 'lo 快取 🚀'), ...end('end_turn')]);
    for (const size of [1, 3, bytes.length])
      expect(assemble(bytes, size)).toEqual({
        complete: true,
        error: false,
        refusal: false,
        answer: {
          answer: 'Hello 快取 🚀',
          finishReason: 'end_turn',
          tokens: 5,
          usage: { prompt: 9, completion: 5, total: 14 },
        },
      });
  });

  it('keeps tool_use blocks verbatim, their input joined from its JSON pieces', () => {
    const bytes = sse([
      start(),
      ...text(0, 'Let me look.'),
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'get', input: {} },
      },
      delta(1, { type: 'input_json_delta', partial_json: '{"city":' }),
      delta(1, { type: 'input_json_delta', partial_json: '"Paris"}' }),
      { type: 'content_block_stop', index: 1 },
      ...end('tool_use'),
    ]);
    expect(assemble(bytes, 7).answer).toEqual(
      expect.objectContaining({
        answer: 'Let me look.',
        finishReason: 'tool_use',
        toolCalls: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get', input: { city: 'Paris' } },
        ],
      }),
    );
  });

  it('keeps a thinking block with its signature', () => {
    const bytes = sse([
      start(),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      delta(0, { type: 'thinking_delta', thinking: 'Hmm' }),
      delta(0, { type: 'signature_delta', signature: 'sig' }),
      { type: 'content_block_stop', index: 0 },
      ...text(1, 'Yes.'),
      ...end('end_turn'),
    ]);
    expect(assemble(bytes).answer?.toolCalls).toEqual([
      { type: 'thinking', thinking: 'Hmm', signature: 'sig' },
      { type: 'text', text: 'Yes.' },
    ]);
  });

  it('reads max_tokens as finish reason length, and a stop sequence with which one ended it', () => {
    expect(assemble(sse([start(), ...text(0, 'cut'), ...end('max_tokens')])).answer?.finishReason).toBe('length');
    expect(assemble(sse([start(), ...text(0, 'a'), ...end('stop_sequence', 1, 'END')])).answer?.finishReason).toBe(
      'stop_sequence:END',
    );
  });

  it('reports a stream without message_stop, or paused, as incomplete; an error event and a refusal as such', () => {
    const [delta, stop] = end('end_turn');
    expect(assemble(sse([start(), ...text(0, 'partial'), delta]))).toMatchObject({ complete: false });
    expect(assemble(sse([start(), ...text(0, 'a'), ...end('pause_turn')]))).toMatchObject({ complete: false });
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(assemble(sse([start(), ...text(0, 'ok'), error, delta, stop]))).toMatchObject({ error: true });
    expect(assemble(sse([start(), ...text(0, 'no'), ...end('refusal')]))).toMatchObject({ refusal: true });
  });

  it.each([
    [
      'an event that is not JSON',
      Buffer.concat([sse([start(), ...text(0, 'ok')]), Buffer.from('data: {oops\n\n'), sse(end('end_turn'))]),
    ],
    [
      'a delta of an unknown kind',
      sse([start(), ...text(0, 'ok'), delta(0, { type: 'future_delta' }), ...end('end_turn')]),
    ],
    [
      'a delta of a block never started',
      sse([start(), delta(3, { type: 'text_delta', text: 'x' }), ...end('end_turn')]),
    ],
    ['no content at all', sse([start(), ...end('end_turn')])],
  ])('reads no answer from a stream with %s', (_case, bytes) => {
    expect(assemble(bytes).answer).toBeUndefined();
  });
});
