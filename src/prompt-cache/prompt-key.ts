import { sha256 } from '../common/sha256';

/** Every exact-cache key starts with this; the original demo's redis-cli recipes match `prompt_cache:*`. */
export const PROMPT_KEY_PREFIX = 'prompt_cache:';

/** The prefix of one namespace's keys, or of all of them when `namespace` is undefined. */
export function promptKeyPrefix(namespace?: string): string {
  return namespace === undefined ? PROMPT_KEY_PREFIX : `${PROMPT_KEY_PREFIX}${namespace}:`;
}

/**
 * `prompt_cache:<namespace>:<sha256(model, question)>`: a different model or namespace never
 * shares an entry. The question must already be normalised (see normalizeQuestion).
 */
export function promptKey(namespace: string, model: string, normalizedQuestion: string): string {
  return `${promptKeyPrefix(namespace)}${sha256(model, normalizedQuestion)}`;
}

/** Cached `/v1/embeddings` answers: exact entries of their own, apart from chat answers. */
export const EMBEDDINGS_KEY_PREFIX = 'embeddings_cache:';

/** The prefix of one namespace's embeddings entries, or of all of them when `namespace` is undefined. */
export function embeddingsKeyPrefix(namespace?: string): string {
  return namespace === undefined ? EMBEDDINGS_KEY_PREFIX : `${EMBEDDINGS_KEY_PREFIX}${namespace}:`;
}
