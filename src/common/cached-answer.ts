/** Tokens of one LLM call, as the upstream reported them. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
}

/** An answer as both cache layers keep it. */
export interface CachedAnswer {
  answer: string;
  /** The normalised question that produced the answer. */
  question: string;
  model: string;
  /** Epoch milliseconds when the LLM produced it. */
  createdAt: number;
  /** Completion tokens the LLM spent on it: what each cache hit saves. 0 when unknown. */
  tokens: number;
  /** Why generation stopped (`stop`, `length`...); replayed by the proxy. undefined = `stop`. */
  finishReason?: string;
  /** The upstream's full usage report, replayed by the proxy; undefined when it sent none. */
  usage?: TokenUsage;
  /**
   * The assistant message's `tool_calls` as the upstream sent them (or as assembled from a stream's
   * deltas), replayed by the proxy; undefined = none. Exact layer only: `answer` is then often ''.
   */
  toolCalls?: ToolCall[];
  /**
   * The upstream's id of the output item that carried `answer` (a Responses API message, `msg_...`),
   * replayed as that item's id so that a client referring to it later (`item_reference`, as the
   * Vercel AI SDK does with `store`) reaches the upstream's stored item; undefined = none.
   */
  itemId?: string;
}

/**
 * One tool call in its protocol's native form, replayed as stored: an element of a chat assistant
 * message's `tool_calls` (`{ id, type, function: { name, arguments } }`), or a Responses API
 * `function_call` output item (`{ type, id, call_id, name, arguments, status }`).
 */
export type ToolCall = Record<string, unknown>;

/** An answer as a front end reads it from the upstream, before the cache adds the question, model and time. */
export type StorableAnswer = Omit<CachedAnswer, 'question' | 'model' | 'createdAt'>;

/** What a reader found in an upstream's bytes: the answer, and the facts the write gates judge it by. */
export interface ReadAnswer {
  /** The answer as it would be stored; undefined when the bytes held none (unreadable, no text nor tool calls, several choices). */
  answer?: StorableAnswer;
  /** Whether the body reached its protocol's end (a stream's finish reason and `data: [DONE]`; JSON that parsed). */
  complete: boolean;
  /** Whether the client left and the upstream call was aborted before the end. */
  abandoned?: boolean;
  /** Whether the upstream reported an error inside a successful reply (an `error` event or body). */
  error?: boolean;
  /** Whether the model refused (`refusal` in the message or its deltas). */
  refusal?: boolean;
}

/** Why the write gates kept a fresh answer out of a layer: a bounded set (a metric label). */
export type WriteSkipReason =
  | 'no_answer'
  | 'error'
  | 'incomplete'
  | 'abandoned'
  | 'refusal'
  | 'length'
  | 'content_filter'
  | 'too_large'
  | 'tool_calls';

/** Reads the answer out of the bytes an upstream sent; whether it is stored is the write gates' call. */
export interface AnswerReader {
  feed(chunk: Buffer): void;
  /** What the bytes held, once they have ended. */
  result(): ReadAnswer;
}
