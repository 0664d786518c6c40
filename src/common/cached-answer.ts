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
}

/** An answer as a front end reads it from the upstream, before the cache adds the question, model and time. */
export type StorableAnswer = Omit<CachedAnswer, 'question' | 'model' | 'createdAt'>;

/** Reads the answer out of the bytes an upstream sent: the write gate of one protocol. */
export interface AnswerReader {
  feed(chunk: Buffer): void;
  /** The answer to store, or undefined when it must not be stored (incomplete, tool calls, not text...). */
  result(): StorableAnswer | undefined;
}
