import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { upstreamKeyOf } from '../../access/upstream-credential';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { RawBody, UpstreamMethod, UpstreamRequest } from '../../llm/openai-upstream.port';
import { unreadBodyOf } from './forwarded-body';

const METHODS: ReadonlySet<string> = new Set<UpstreamMethod>([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * Methods without side effects, retried like any proxy call (PROXY_MAX_RETRIES, 0 by default). The
 * others are sent once: a retried upload, batch or deletion may happen twice (a DELETE retried
 * after a success answers 404), and a streamed body cannot be sent again.
 */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Caller headers an upstream route depends on: what the caller accepts, `openai-beta` (the Assistants
 * API needs it) and the client's `idempotency-key`. Never credentials: the key is the adapter's.
 */
const FORWARDED_HEADERS = ['accept', 'openai-beta', 'idempotency-key'] as const;

const PREFIX = '/v1/';

/** A /v1 request the proxy does not cache, as the upstream request that forwards it as it came. */
export function forwardedRequest(request: FastifyRequest): UpstreamRequest {
  const { method, url } = request;
  if (!METHODS.has(method)) throw new InvalidRequestError(`The method ${method} is not forwarded`);
  return {
    method: method as UpstreamMethod,
    // The raw URL, query string included: the decoded route parameter would lose %2F and friends.
    path: url.startsWith(PREFIX) ? url.slice(PREFIX.length) : url,
    raw: rawBodyOf(request),
    headers: forwardedHeaders(request.headers),
    apiKey: upstreamKeyOf(request),
    callerRetries: true,
    once: !SAFE_METHODS.has(method),
  };
}

/** The body as it came: JSON text as read (`rawBody`), other text re-encoded, anything else streamed. */
function rawBodyOf(request: FastifyRequest & { rawBody?: string }): RawBody | undefined {
  const contentType = request.headers['content-type'];
  const text = request.rawBody ?? (typeof request.body === 'string' ? request.body : undefined);
  const bytes = text === undefined ? undefined : Buffer.from(text);
  if (bytes) return { data: bytes, contentType };
  const stream = unreadBodyOf(request);
  if (!stream) return undefined;
  const length = Number(request.headers['content-length']);
  return { data: stream, contentType, length: Number.isSafeInteger(length) ? length : undefined };
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  let picked: Record<string, string> | undefined;
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') (picked ??= {})[name] = value;
  }
  return picked;
}
