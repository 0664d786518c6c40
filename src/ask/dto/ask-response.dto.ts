import { AnswerSource } from '../../common/answer-source';

/** Body of a successful POST /ask. */
export interface AskResponse {
  answer: string;
  /** The layer that answered. */
  source: AnswerSource;
  /** Cosine similarity of the matched question; semantic hits only. */
  similarity?: number;
  /** The cached question whose answer was served; semantic hits only, for auditing. */
  matchedQuestion?: string;
  /** Server-side time to answer, milliseconds. */
  latencyMs: number;
  /** Store key of the entry that served (or now holds) the answer. */
  cacheKey: string;
  namespace: string;
  model: string;
}
