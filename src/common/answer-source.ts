/** Where an answer came from: the exact layer, the semantic layer, or the LLM. */
export type AnswerSource = 'prompt_cache' | 'semantic_cache' | 'llm';
