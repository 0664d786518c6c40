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
}
