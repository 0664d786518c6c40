import { toChatChunks } from './completion-replay';
import { StreamAssembler } from './stream-assembler';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0) => ({
  choices: [{ index, delta, finish_reason: finish }],
});
const sse = (chunks: unknown[], done = true) =>
  Buffer.from(chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : ''));
const finished = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Hel' }),
  chunk({ content: 'lo' }),
  chunk({}, 'stop'),
];

/** Feeds `bytes` to a new assembler in pieces of `size` bytes. */
function assemble(bytes: Buffer, size = bytes.length) {
  const sut = new StreamAssembler();
  for (let i = 0; i < bytes.length; i += size) sut.feed(bytes.subarray(i, i + size));
  return sut.result();
}

describe(StreamAssembler.name, () => {
  it('rebuilds the answer, finish reason and usage of a finished stream', () => {
    const usage = { choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } };
    expect(assemble(sse([...finished, usage]))).toEqual({
      complete: true,
      error: false,
      refusal: false,
      answer: { answer: 'Hello', finishReason: 'stop', tokens: 2, usage: { prompt: 3, completion: 2, total: 5 } },
    });
  });

  it('reports a stream that never finished, or was cut off before data: [DONE], as incomplete', () => {
    expect(assemble(sse([chunk({ content: 'partial' })]))).toMatchObject({ complete: false });
    expect(assemble(sse(finished, false))).toMatchObject({ complete: false });
  });

  it('reports a refusal and an error event', () => {
    expect(assemble(sse([chunk({ refusal: 'no' }), chunk({}, 'stop')]))).toMatchObject({ refusal: true });
    const error = { error: { message: 'overloaded', type: 'server_error' } };
    expect(assemble(sse([chunk({ content: 'ok' }), error, chunk({}, 'stop')]))).toMatchObject({ error: true });
  });

  it.each([
    ['a second choice', sse([chunk({ content: 'ok' }), chunk({ content: 'x' }, null, 1), chunk({}, 'stop')])],
    [
      'an event that is not JSON',
      Buffer.concat([sse([chunk({ content: 'ok' })], false), Buffer.from('data: {oops\n\n'), sse([chunk({}, 'stop')])]),
    ],
  ])('reads no answer from a stream with %s', (_case, bytes) => {
    expect(assemble(bytes).answer).toBeUndefined();
  });

  it('assembles tool calls from index-keyed deltas with incremental arguments', () => {
    const bytes = sse([
      chunk({ role: 'assistant', content: null }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'put', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    for (const size of [1, 5, bytes.length])
      expect(assemble(bytes, size)).toMatchObject({
        complete: true,
        answer: {
          answer: '',
          finishReason: 'tool_calls',
          toolCalls: [
            { id: 'call_a', type: 'function', function: { name: 'get', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'put', arguments: '{}' } },
          ],
        },
      });
  });

  it('reassembles exactly what toChatChunks replays, astral characters and tool calls included, however the bytes are split', () => {
    const toolCalls = [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"q":"快取"}' } }];
    const answer = {
      answer: '快取 is a cache 🚀'.repeat(5),
      question: 'q',
      model: 'm',
      createdAt: 0,
      tokens: 7,
      finishReason: 'length',
    };
    const chunks = toChatChunks(answer, 'id', false);
    expect(chunks.length).toBeGreaterThan(3);
    for (const size of [1, 2, 3, 7, 64]) {
      expect(assemble(sse(chunks), size).answer).toMatchObject({ answer: answer.answer, finishReason: 'length' });
      expect(assemble(sse(toChatChunks({ ...answer, toolCalls }, 'id', false)), size).answer).toMatchObject({
        toolCalls,
        finishReason: 'tool_calls',
      });
    }
  });
});
