/** Where an answer came from: the exact layer, the semantic layer, another request's call in flight, or the LLM. */
export type AnswerSource = 'prompt_cache' | 'semantic_cache' | 'coalesced' | 'llm';
