import { CacheControls } from './cache-controls';
import { CachedAnswer } from './cached-answer';

/** Value of the x-cache response header. */
/** COALESCED: the answer of an identical (or, for /ask, paraphrased) request in flight at the same time. */
export type CacheStatus = 'HIT' | 'SEMANTIC_HIT' | 'COALESCED' | 'MISS' | 'REFRESH' | 'BYPASS';

/** x-cache of an answer that did not come from the cache. */
export function missStatusOf(cacheable: boolean, controls: CacheControls): 'MISS' | 'REFRESH' | 'BYPASS' {
  if (!cacheable || !controls.write) return 'BYPASS';
  return controls.read || controls.readWithheld ? 'MISS' : 'REFRESH';
}

/** The answer behind a hit, as the headers describe it. */
export interface HitDescription {
  answer: CachedAnswer;
  similarity?: number;
  /** True when the semantic verifier accepted the hit: sent as `x-cache-verified: true`. */
  verified?: boolean;
}

const LONE_SURROGATE = /\p{Cs}/gu;

/** The x-cache-* response headers of one answer (on /ask and the /v1 proxy alike). */
export function cacheHeaders(status: CacheStatus, key: string, hit?: HitDescription): Record<string, string> {
  const headers: Record<string, string> = { 'x-cache': status, 'x-cache-key': key };
  if (!hit) return headers;
  headers.age = String(Math.max(0, Math.floor((Date.now() - hit.answer.createdAt) / 1000)));
  if (hit.similarity !== undefined) {
    headers['x-cache-similarity'] = hit.similarity.toFixed(4);
    // encodeURIComponent throws on a lone surrogate, which a JSON question may hold ("\ud800").
    headers['x-cache-matched-question'] = encodeURIComponent(hit.answer.question.replace(LONE_SURROGATE, '\ufffd'));
  }
  if (hit.verified) headers['x-cache-verified'] = 'true';
  return headers;
}
