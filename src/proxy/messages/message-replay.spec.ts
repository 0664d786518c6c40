import { CachedAnswer } from '../../common/cached-answer';
import { messageAnswer } from './message-answer';
import { MessageStreamAssembler } from './message-stream-assembler';
import { sseOf, toMessage, toMessageEvents } from './message-replay';

const stored: CachedAnswer = {
  answer: '快取 is a cache 🚀 '.repeat(4),
  question: 'q',
  model: 'claude-sonnet-4-5',
  createdAt: 0,
  tokens: 12,
  finishReason: 'end_turn',
  usage: { prompt: 7, completion: 12, total: 19 },
};
const blocks = [
  { type: 'thinking', thinking: 'The user wants the weather. '.repeat(3), signature: 'c2ln' },
  { type: 'text', text: 'Let me check.', citations: [{ type: 'char_location', cited_text: 'x' }] },
  { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
  { type: 'redacted_thinking', data: 'opaque' },
];
const withBlocks: CachedAnswer = { ...stored, answer: 'Let me check.', finishReason: 'tool_use', toolCalls: blocks };

/** What the write gates would read back from the replayed stream, fed in pieces of `size` bytes. */
function readBack(answer: CachedAnswer, size: number) {
  const bytes = Buffer.from(toMessageEvents(answer, 'msg_cache_1').map(sseOf).join(''));
  const sut = new MessageStreamAssembler();
  for (let i = 0; i < bytes.length; i += size) sut.feed(bytes.subarray(i, i + size));
  return sut.result();
}

const storable = ({ answer, finishReason, tokens, usage, toolCalls }: CachedAnswer) => ({
  answer,
  finishReason,
  tokens,
  usage,
  ...(toolCalls && { toolCalls }),
});

describe('replayed messages', () => {
  it('replays a stored answer as the message Anthropic sends, with its usage and stop reason', () => {
    expect(toMessage(stored, 'msg_cache_1')).toEqual({
      id: 'msg_cache_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: stored.answer }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 7, output_tokens: 12 },
    });
  });

  it.each([
    ['plain text', stored],
    ['thinking, citations, tool_use and a block that does not stream', withBlocks],
    ['a stop sequence', { ...stored, finishReason: 'stop_sequence:END' }],
  ])('streams events that read back as the same answer (%s), however the bytes are split', (_case, answer) => {
    for (const size of [1, 5, 64, 100_000])
      expect(readBack(answer, size)).toEqual({
        complete: true,
        error: false,
        refusal: false,
        answer: storable(answer),
      });
  });

  it('sends JSON that reads back as the same answer', () => {
    for (const answer of [stored, withBlocks]) {
      const json = Buffer.from(JSON.stringify(toMessage(answer, 'msg_cache_1')));
      expect(messageAnswer(json).answer).toEqual(storable(answer));
    }
  });

  it('opens with message_start, streams the text in several deltas and ends with message_delta and message_stop', () => {
    const events = toMessageEvents(stored, 'msg_cache_1');
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(events.length - 5).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.length).toBeGreaterThan(6);
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 12 },
    });
    expect(toMessage({ ...stored, finishReason: 'stop_sequence:END' }, 'id')).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
    });
  });

  it('names each event after its type, as Anthropic clients require', () => {
    expect(sseOf({ type: 'message_stop' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });
});
