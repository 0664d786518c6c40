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
      answer: 'Hello',
      finishReason: 'stop',
      tokens: 2,
      usage: { prompt: 3, completion: 2, total: 5 },
    });
  });

  it('has no result for a stream that never finished', () => {
    expect(assemble(sse([chunk({ content: 'partial' })]))).toBeUndefined();
  });

  it('has no result for a stream cut off before data: [DONE]', () => {
    expect(assemble(sse(finished, false))).toBeUndefined();
  });

  it.each([
    ['tool calls', chunk({ tool_calls: [{ index: 0 }] })],
    ['a refusal', chunk({ refusal: 'no' })],
    ['a second choice', chunk({ content: 'x' }, null, 1)],
    ['an error event', { error: { message: 'overloaded', type: 'server_error' } }],
  ])('refuses to cache a stream with %s', (_case, odd) => {
    expect(assemble(sse([chunk({ content: 'ok' }), odd, chunk({}, 'stop')]))).toBeUndefined();
  });

  it('refuses to cache a stream with an event that is not JSON', () => {
    const bytes = Buffer.concat([
      sse([chunk({ content: 'ok' })], false),
      Buffer.from('data: {oops\n\n'),
      sse([chunk({}, 'stop')]),
    ]);
    expect(assemble(bytes)).toBeUndefined();
  });

  it('reassembles exactly what toChatChunks replays, astral characters included, however the bytes are split', () => {
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
      expect(assemble(sse(chunks), size)).toMatchObject({ answer: answer.answer, finishReason: 'length' });
    }
  });
});
