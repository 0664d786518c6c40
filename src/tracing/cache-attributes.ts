import type { Attributes } from '@opentelemetry/api';
import { sha256 } from '../common/sha256';

/** `llm_cache.*` span attributes: bounded facts about a lookup, never question, answer or key text. */
export const CACHE_ATTR = {
  layer: 'llm_cache.layer',
  hit: 'llm_cache.hit',
  similarity: 'llm_cache.similarity',
  namespaceHash: 'llm_cache.namespace_hash',
  status: 'llm_cache.status',
  verifier: 'llm_cache.verifier',
  verdict: 'llm_cache.verdict',
} as const;

const hashes = new Map<string, string>();
const MAX_REMEMBERED = 1000;

/**
 * A namespace as a span may show it: the first 16 hex digits of its SHA-256 (a tenant's name can be
 * sensitive, its hash still groups traces). Remembered, as a busy service sees few namespaces.
 */
export function namespaceHash(namespace: string): string {
  let hash = hashes.get(namespace);
  if (hash === undefined) {
    hash = sha256('namespace', namespace).slice(0, 16);
    if (hashes.size >= MAX_REMEMBERED) hashes.clear();
    hashes.set(namespace, hash);
  }
  return hash;
}

/** The attributes of one layer's lookup. */
export function lookupAttributes(
  layer: 'exact' | 'semantic',
  namespace: string,
  hit: boolean,
  similarity?: number,
): Attributes {
  const attributes: Attributes = {
    [CACHE_ATTR.layer]: layer,
    [CACHE_ATTR.namespaceHash]: namespaceHash(namespace),
    [CACHE_ATTR.hit]: hit,
  };
  if (similarity !== undefined) attributes[CACHE_ATTR.similarity] = similarity;
  return attributes;
}
