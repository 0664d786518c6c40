import type { FastifyRequest } from 'fastify';
import { requestSlot } from './request-slot';

/** The caller's own upstream key (UPSTREAM_AUTH=passthrough), as the guard found it. */
export interface UpstreamCredential {
  /** Sent upstream in its API's key header (`Authorization: Bearer`, `x-api-key`); never logged, never stored (only an HMAC of it). */
  readonly key: string;
  /** Whether the upstream accepted this key lately: only then may the request read the cache. */
  readonly accepted: boolean;
}

const credential = requestSlot<UpstreamCredential>('upstreamCredential');

export const setUpstreamCredential = credential.set;

/** The caller's upstream credential; undefined unless UPSTREAM_AUTH=passthrough. */
export const upstreamCredentialOf = credential.get;

/** The key to send upstream for this request; undefined = the server's own (OPENAI_API_KEY, ANTHROPIC_API_KEY). */
export function upstreamKeyOf(request: FastifyRequest): string | undefined {
  return upstreamCredentialOf(request)?.key;
}
