import { randomUUID } from 'node:crypto';
import { RelayedResolution, ReplayedResolution } from '../answer-cache/answer-query';
import { cacheHeaders } from '../common/cache-headers';

/**
 * A request id for an answer no upstream call of this request produced (a hit, a coalesced replay,
 * the service's own error): OpenAI clients expose it (`_request_id`), so it is never missing.
 */
export function cacheRequestId(): string {
  return `req_cache_${randomUUID().replaceAll('-', '')}`;
}

/** The headers as they are, given an `x-request-id` when the upstream sent none (a server that does not set one). */
export function withRequestId(headers: Record<string, string>): Record<string, string> {
  return headers['x-request-id'] === undefined ? { ...headers, 'x-request-id': cacheRequestId() } : headers;
}

/**
 * The headers of an answer replayed from the cache, on every protocol: x-cache-*, a request id of
 * its own, and `x-cache-usage: replayed`, as the body's `usage` is the stored call's, not spent now.
 */
export function replayHeaders(resolution: ReplayedResolution): Record<string, string> {
  return {
    ...cacheHeaders(resolution.status, resolution.key, resolution),
    'x-request-id': cacheRequestId(),
    'x-cache-usage': 'replayed',
  };
}

/**
 * The headers of an answer relayed from an upstream call, on every protocol: the upstream's (its
 * request id included) under the cache's own. A COALESCED follower relays another request's call:
 * its usage is replayed too, its request id that call's.
 */
export function relayHeaders(resolution: RelayedResolution): Record<string, string> {
  return withRequestId({
    ...resolution.headers,
    ...cacheHeaders(resolution.status, resolution.key),
    ...(resolution.status === 'COALESCED' && { 'x-cache-usage': 'replayed' }),
  });
}
