import { CachedAnswer, ReadAnswer, StorableAnswer, TokenUsage } from '../../common/cached-answer';

/** A content block of an Anthropic message (`text`, `tool_use`, `thinking`...), as the API sends it. */
export type ContentBlock = { type: string; [field: string]: unknown };

/** How a message ended: its `stop_reason` and, when a stop sequence ended it, which one. */
export interface MessageEnd {
  stopReason?: string | null;
  stopSequence?: string | null;
}

/** `stop_reason`s of an answer cut off before its end: read as finish reason `length`, which is never stored. */
const CUT_OFF: ReadonlySet<string> = new Set(['max_tokens', 'model_context_window_exceeded']);

/** The finish reason of an answer stopped by a stop sequence keeps which one, so a replay can say it. */
const STOP_SEQUENCE = 'stop_sequence:';

/** Anthropic's usage in the cache's terms; undefined when the upstream reported none. */
export function tokenUsage(input?: number | null, output?: number | null): TokenUsage | undefined {
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  const [prompt, completion] = [input ?? 0, output ?? 0];
  return { prompt, completion, total: prompt + completion };
}

function finishReasonOf({ stopReason, stopSequence }: MessageEnd): string | undefined {
  if (!stopReason) return undefined;
  if (CUT_OFF.has(stopReason)) return 'length';
  if (stopReason === 'stop_sequence' && typeof stopSequence === 'string') return `${STOP_SEQUENCE}${stopSequence}`;
  return stopReason;
}

/** The `stop_reason` and `stop_sequence` to replay for a stored answer. */
export function stopOf(answer: CachedAnswer): { stop_reason: string; stop_sequence: string | null } {
  const reason = answer.finishReason;
  if (reason?.startsWith(STOP_SEQUENCE))
    return { stop_reason: 'stop_sequence', stop_sequence: reason.slice(STOP_SEQUENCE.length) };
  const fallback = answer.toolCalls?.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
  return { stop_reason: reason === 'length' ? 'max_tokens' : (reason ?? fallback), stop_sequence: null };
}

/** A text block with nothing but its text: the only kind the semantic layer may hold. */
const isPlainText = (block: ContentBlock) =>
  block.type === 'text' &&
  typeof block.text === 'string' &&
  Object.entries(block).every(
    ([key, value]) => key === 'type' || key === 'text' || (key === 'citations' && value == null),
  );

/**
 * The answer as stored: a single plain text block as the answer's text (the semantic layer may keep
 * it); anything else (`tool_use`, `thinking`, citations, several blocks) as the message's content
 * blocks verbatim in `toolCalls`, which keeps it out of the semantic layer and replays it whole.
 */
function storableOf(blocks: ContentBlock[], end: MessageEnd, usage?: TokenUsage): StorableAnswer | undefined {
  if (!blocks.every((block) => typeof block === 'object' && block !== null && typeof block.type === 'string'))
    return undefined;
  const text = blocks
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('');
  const plain = blocks.length === 1 && isPlainText(blocks[0]);
  if (blocks.length === 0 || (plain && text === '')) return undefined;
  return {
    answer: text,
    finishReason: finishReasonOf(end),
    tokens: usage?.completion ?? 0,
    usage,
    ...(!plain && { toolCalls: blocks }),
  };
}

/**
 * What a message's blocks make for the write gates: complete once it has a `stop_reason` (but
 * `pause_turn`, a turn the caller must continue), a refusal when it says so.
 */
export function readMessage(
  blocks: ContentBlock[],
  end: MessageEnd,
  usage: TokenUsage | undefined,
  { ended, error }: { ended: boolean; error: boolean },
): ReadAnswer {
  const answer = storableOf(blocks, end, usage);
  return {
    complete: ended && !!end.stopReason && end.stopReason !== 'pause_turn',
    error,
    refusal: end.stopReason === 'refusal',
    ...(answer && { answer }),
  };
}

/** The content blocks to replay for a stored answer. */
export function contentOf(answer: CachedAnswer): ContentBlock[] {
  return (answer.toolCalls as ContentBlock[] | undefined) ?? [{ type: 'text', text: answer.answer }];
}
