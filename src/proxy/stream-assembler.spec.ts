import { toChatChunks } from './completion-replay';
import { StreamAssembler } from './stream-assembler';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, index = 0) => ({ choices: [{ index, delta, finish_reason: finish }] });

describe(StreamAssembler.name, () => {
  it('rebuilds the answer, finish reason and usage of a finished stream', () => {
    const sut = new StreamAssembler();
    [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop')].forEach((c) => sut.add(c));
    sut.add({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
    expect(sut.result()).toEqual({ answer: 'Hello', finishReason: 'stop', usage: { prompt: 3, completion: 2, total: 5 } });
  });

  it('has no result for a stream that never finished', () => {
    const sut = new StreamAssembler();
    sut.add(chunk({ content: 'partial' }));
    expect(sut.result()).toBeUndefined();
  });

  it.each([
    ['tool calls', chunk({ tool_calls: [{ index: 0 }] })],
    ['a refusal', chunk({ refusal: 'no' })],
    ['a second choice', chunk({ content: 'x' }, null, 1)],
  ])('refuses to cache a stream with %s', (_case, odd) => {
    const sut = new StreamAssembler();
    [chunk({ content: 'ok' }), odd, chunk({}, 'stop')].forEach((c) => sut.add(c));
    expect(sut.result()).toBeUndefined();
  });

  it('reassembles exactly what toChatChunks replays, astral characters included', () => {
    const answer = { answer: '快取 is a cache 🚀'.repeat(5), question: 'q', model: 'm', createdAt: 0, tokens: 7, finishReason: 'length' };
    const sut = new StreamAssembler();
    const chunks = toChatChunks(answer, 'id', false);
    chunks.forEach((c) => sut.add(c as Parameters<StreamAssembler['add']>[0]));
    expect(chunks.length).toBeGreaterThan(3);
    expect(sut.result()).toMatchObject({ answer: answer.answer, finishReason: 'length' });
  });
});
