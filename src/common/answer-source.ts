import type { CacheStatus } from './cache-headers';

/** Where an answer came from: the exact layer, the semantic layer, another request's call in flight, or the LLM. */
export type AnswerSource = 'prompt_cache' | 'semantic_cache' | 'coalesced' | 'llm';

const SOURCE_OF: Partial<Record<CacheStatus, AnswerSource>> = {
  HIT: 'prompt_cache',
  SEMANTIC_HIT: 'semantic_cache',
  COALESCED: 'coalesced',
};

/** The source of an answer served with this x-cache status (`llm` for MISS, REFRESH and BYPASS). */
export function answerSourceOf(status: CacheStatus): AnswerSource {
  return SOURCE_OF[status] ?? 'llm';
}
