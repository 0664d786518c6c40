import type { FastifyRequest } from 'fastify';

/** The caller's own upstream key (UPSTREAM_AUTH=passthrough), as the guard found it. */
export interface UpstreamCredential {
  /** Sent upstream as `Authorization: Bearer`; never logged, never stored (only an HMAC of it). */
  readonly key: string;
  /** Whether the upstream accepted this key lately: only then may the request read the cache. */
  readonly accepted: boolean;
}

const CREDENTIAL = Symbol('upstreamCredential');
type WithCredential = FastifyRequest & { [CREDENTIAL]?: UpstreamCredential };

export function setUpstreamCredential(request: FastifyRequest, credential: UpstreamCredential): void {
  (request as WithCredential)[CREDENTIAL] = credential;
}

/** The caller's upstream credential; undefined unless UPSTREAM_AUTH=passthrough. */
export function upstreamCredentialOf(request: FastifyRequest): UpstreamCredential | undefined {
  return (request as WithCredential)[CREDENTIAL];
}

/** The key to send upstream for this request; undefined = the server's own (OPENAI_API_KEY). */
export function upstreamKeyOf(request: FastifyRequest): string | undefined {
  return upstreamCredentialOf(request)?.key;
}
