import { ReadAnswer, StorableAnswer, WriteSkipReason } from '../common/cached-answer';

/** Where a fresh answer may be stored; `reason` says why a layer was refused. */
export interface WriteDecision {
  exact: boolean;
  semantic: boolean;
  reason?: WriteSkipReason;
}

export interface WriteLimits {
  /** Largest answer stored, in bytes of its text plus tool calls (CACHE_MAX_ENTRY_BYTES). */
  maxEntryBytes: number;
}

/** Finish reasons of an answer that is not the whole answer: cut off at max_tokens, or withheld. */
const UNFINISHED: ReadonlySet<string> = new Set(['length', 'content_filter']);

const refuse = (reason: WriteSkipReason): WriteDecision => ({ exact: false, semantic: false, reason });

/**
 * The write gates, for every protocol: whether a fresh answer may be stored, and in which layer.
 * Nothing is stored that is not the whole, successful answer; tool calls are stored by exact key
 * only, as the whole conversation (tools included) is that key, but a paraphrase may need other calls.
 */
export function writeGates(read: ReadAnswer, { maxEntryBytes }: WriteLimits): WriteDecision {
  const { answer } = read;
  if (read.error) return refuse('error');
  if (read.abandoned) return refuse('abandoned');
  if (!read.complete) return refuse('incomplete');
  if (read.refusal) return refuse('refusal');
  if (!answer) return refuse('no_answer');
  if (answer.finishReason && UNFINISHED.has(answer.finishReason))
    return refuse(answer.finishReason as 'length' | 'content_filter');
  if (entryBytes(answer) > maxEntryBytes) return refuse('too_large');
  if (answer.toolCalls?.length) return { exact: true, semantic: false, reason: 'tool_calls' };
  return { exact: true, semantic: true };
}

/**
 * Bytes of what an entry keeps of the answer, its text and tool calls: the same answer weighs the
 * same whether it came as JSON or as a stream (whose wire bytes are several times larger).
 */
export function entryBytes(answer: StorableAnswer): number {
  return (
    Buffer.byteLength(answer.answer) + (answer.toolCalls ? Buffer.byteLength(JSON.stringify(answer.toolCalls)) : 0)
  );
}
