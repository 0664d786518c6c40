import { CacheStatus, ChatHit } from './chat-completions.service';

/** The x-cache-* response headers of one answer. */
export function cacheHeaders(status: CacheStatus, key: string, hit?: ChatHit): Record<string, string> {
  const headers: Record<string, string> = { 'x-cache': status, 'x-cache-key': key };
  if (!hit) return headers;
  headers.age = String(Math.max(0, Math.floor((Date.now() - hit.answer.createdAt) / 1000)));
  if (hit.similarity !== undefined) {
    headers['x-cache-similarity'] = hit.similarity.toFixed(4);
    headers['x-cache-matched-question'] = encodeURIComponent(hit.answer.question);
  }
  return headers;
}
