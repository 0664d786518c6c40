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
