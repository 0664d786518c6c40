import { CachedAnswer } from '../../common/cached-answer';
import { splitText } from '../chat/completion-replay';
import { ContentBlock, contentOf, stopOf } from './message-content';

/** One event of an Anthropic stream: its `type` is also the SSE event name. */
export type MessageEvent = { type: string } & Record<string, unknown>;

/** Block types whose `input` streams as JSON pieces. */
const TOOL_USES: ReadonlySet<string> = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);

const usageOf = (answer: CachedAnswer) => ({
  input_tokens: answer.usage?.prompt ?? 0,
  output_tokens: answer.usage?.completion ?? answer.tokens,
});

/** A stored answer as the non-streamed `message` an Anthropic client expects. */
export function toMessage(answer: CachedAnswer, id: string): Record<string, unknown> {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: contentOf(answer),
    ...stopOf(answer),
    usage: usageOf(answer),
  };
}

/** A block as `content_block_start` opens it, and the deltas that fill it in. */
function streamedForm(block: ContentBlock): [ContentBlock, Record<string, unknown>[]] {
  if (block.type === 'text') {
    const { text, citations, ...rest } = block;
    return [
      // An array of citations arrives one `citations_delta` at a time, onto an empty one.
      { ...rest, text: '', ...(citations !== undefined && { citations: Array.isArray(citations) ? [] : citations }) },
      [
        ...(Array.isArray(citations) ? citations : []).map((citation: unknown) => ({
          type: 'citations_delta',
          citation,
        })),
        ...splitText(typeof text === 'string' ? text : '').map((piece) => ({ type: 'text_delta', text: piece })),
      ],
    ];
  }
  if (block.type === 'thinking') {
    const { thinking, signature } = block;
    return [
      { ...block, thinking: '', signature: '' },
      [
        ...splitText(typeof thinking === 'string' ? thinking : '').map((piece) => ({
          type: 'thinking_delta',
          thinking: piece,
        })),
        ...(typeof signature === 'string' ? [{ type: 'signature_delta', signature }] : []),
      ],
    ];
  }
  if (TOOL_USES.has(block.type)) {
    const json = JSON.stringify(block.input ?? {});
    return [
      { ...block, input: {} },
      splitText(json).map((piece) => ({ type: 'input_json_delta', partial_json: piece })),
    ];
  }
  // Blocks that do not stream (redacted_thinking, server tool results...) arrive whole.
  return [block, []];
}

/**
 * A stored answer as the event sequence Anthropic streams: `message_start` (empty content), each
 * block opened, filled in pieces and closed, `message_delta` with how it ended and the output
 * tokens, then `message_stop`.
 */
export function toMessageEvents(answer: CachedAnswer, id: string): MessageEvent[] {
  const { content, stop_reason, stop_sequence, usage, ...message } = toMessage(answer, id) as {
    content: ContentBlock[];
    stop_reason: string;
    stop_sequence: string | null;
    usage: ReturnType<typeof usageOf>;
  } & Record<string, unknown>;
  const start = {
    ...message,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...usage, output_tokens: 0 },
  };
  return [
    { type: 'message_start', message: start },
    ...content.flatMap((block, index) => {
      const [opened, deltas] = streamedForm(block);
      return [
        { type: 'content_block_start', index, content_block: opened },
        ...deltas.map((delta) => ({ type: 'content_block_delta', index, delta })),
        { type: 'content_block_stop', index },
      ];
    }),
    { type: 'message_delta', delta: { stop_reason, stop_sequence }, usage: { output_tokens: usage.output_tokens } },
    { type: 'message_stop' },
  ];
}

/** One event in SSE form, named as Anthropic's clients expect (they skip events without a name). */
export function sseOf(event: MessageEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
