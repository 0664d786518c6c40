import { ReadAnswer, StorableAnswer } from '../common/cached-answer';
import { entryBytes, writeGates } from './write-gates';

const limits = { maxEntryBytes: 1024 };
const text = (overrides: Partial<StorableAnswer> = {}): StorableAnswer => ({
  answer: 'A cache keeps answers.',
  tokens: 5,
  finishReason: 'stop',
  ...overrides,
});
const read = (overrides: Partial<ReadAnswer> = {}): ReadAnswer => ({ answer: text(), complete: true, ...overrides });
const toolCall = { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cache"}' } };

describe(writeGates.name, () => {
  it('stores a complete plain answer in both layers', () => {
    expect(writeGates(read(), limits)).toEqual({ exact: true, semantic: true });
  });

  it.each([undefined, 'stop'])('stores an answer whose finish reason is %s', (finishReason) => {
    expect(writeGates(read({ answer: text({ finishReason }) }), limits).exact).toBe(true);
  });

  it.each(['length', 'content_filter'])('never stores an answer that finished with %s', (finishReason) => {
    expect(writeGates(read({ answer: text({ finishReason }) }), limits)).toEqual({
      exact: false,
      semantic: false,
      reason: finishReason,
    });
  });

  it.each([
    ['an upstream error', { error: true }, 'error'],
    ['a stream without its terminal event', { complete: false }, 'incomplete'],
    ['a stream the client abandoned', { complete: false, abandoned: true }, 'abandoned'],
    ['a refusal', { refusal: true }, 'refusal'],
    ['bytes that held no answer', { answer: undefined }, 'no_answer'],
  ])('never stores %s', (_case, overrides: Partial<ReadAnswer>, reason) => {
    expect(writeGates(read(overrides), limits)).toEqual({ exact: false, semantic: false, reason });
  });

  it('stores an answer of exactly CACHE_MAX_ENTRY_BYTES, and none a byte larger', () => {
    expect(writeGates(read({ answer: text({ answer: 'x'.repeat(1024) }) }), limits).exact).toBe(true);
    expect(writeGates(read({ answer: text({ answer: 'é'.repeat(513) }) }), limits)).toEqual({
      exact: false,
      semantic: false,
      reason: 'too_large',
    });
  });

  it('counts tool calls in the size of an entry', () => {
    const answer = text({ answer: '', toolCalls: [toolCall] });
    expect(entryBytes(answer)).toBe(JSON.stringify([toolCall]).length);
    expect(writeGates(read({ answer }), { maxEntryBytes: entryBytes(answer) - 1 }).reason).toBe('too_large');
  });

  it('stores an answer with tool calls in the exact layer only', () => {
    const answer = text({ answer: '', finishReason: 'tool_calls', toolCalls: [toolCall] });
    expect(writeGates(read({ answer }), limits)).toEqual({ exact: true, semantic: false, reason: 'tool_calls' });
  });

  it('refuses an incomplete answer before judging its finish reason', () => {
    expect(writeGates(read({ complete: false, answer: text({ finishReason: 'length' }) }), limits).reason).toBe(
      'incomplete',
    );
  });
});
