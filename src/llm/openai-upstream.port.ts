import type { Deadline } from '../common/deadline';
import type { Readable } from 'node:stream';

/** A JSON object as the OpenAI API sends or receives it; fields the cache does not read pass through. */
export type OpenAiJson = Record<string, unknown>;

/** The methods the proxy sends upstream: chat and the cached routes use GET and POST, forwarded routes any. */
export type UpstreamMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** A request body sent as the caller sent it (the routes the proxy only forwards), never re-encoded. */
export interface RawBody {
  /** The bytes, or the caller's request stream (a multipart upload), read once as it arrives. */
  data: Buffer | Readable;
  /** Sent as `content-type`; undefined = none. */
  contentType?: string;
  /** The caller's `content-length` for a stream; undefined = chunked (a Buffer's is its length). */
  length?: number;
}

export interface UpstreamRequest {
  method: UpstreamMethod;
  /**
   * Relative to the upstream's base URL, e.g. `chat/completions`, a query string included; a path
   * that would resolve outside the base URL (`../`) is refused with InvalidRequestError.
   */
  path: string;
  /** Sent as JSON, with the caller's parameters untouched. */
  body?: OpenAiJson;
  /** Sent as is instead of `body` (which is then ignored). */
  raw?: RawBody;
  /** Aborting it stops the upstream request, also while its body streams. */
  signal?: AbortSignal;
  /**
   * The caller's own key (UPSTREAM_AUTH=passthrough), sent in the adapter's key header
   * (`Authorization: Bearer`, or `x-api-key` for Anthropic) instead of the configured one;
   * undefined = the configured key. Never logged.
   */
  apiKey?: string;
  /** Further request headers sent as they are (`openai-beta`, `anthropic-version`, `anthropic-beta`); undefined = none. */
  headers?: Record<string, string>;
  /**
   * True when the caller is a client that retries by itself (the /v1 proxy): PROXY_MAX_RETRIES then
   * applies instead of LLM_MAX_RETRIES, so retries do not multiply.
   */
  callerRetries?: boolean;
  /**
   * When the answer's headers must be in (the request's, REQUEST_TIMEOUT_MS); LlmService narrows it
   * to LLM_TIMEOUT_MS from the call. Undefined = LLM_TIMEOUT_MS from the call.
   */
  deadline?: Deadline;
  /**
   * True for a request that may not be idempotent (a forwarded upload, creation or deletion): sent
   * exactly once, whatever LLM_MAX_RETRIES or PROXY_MAX_RETRIES say. Default false.
   */
  once?: boolean;
}

/** A successful upstream answer, relayed to the caller byte for byte. */
export interface UpstreamReply {
  /** The upstream's 2xx status (200, or 201, 204... on forwarded routes). */
  status: number;
  /** The headers worth relaying (see relayedHeaders): content type, request id, rate limits. */
  headers: Record<string, string>;
  /** The body as it arrives; iterating it fails if the upstream breaks off. */
  body: AsyncIterable<Buffer>;
}

/**
 * The OpenAI-compatible server behind the proxy. A 2xx resolves once its headers are in, the body
 * still streaming. One attempt per call (no retries). Failures reject with UpstreamHttpError (an
 * HTTP error, relayed as is), the deadline's timeout error (LlmTimeoutError or
 * RequestTimeoutError), LlmUpstreamError (unreachable), LlmNotConfiguredError or InvalidRequestError
 * (a path outside the base URL).
 */
export abstract class OpenAiUpstream {
  abstract send(request: UpstreamRequest): Promise<UpstreamReply>;
}

/** A JSON answer read in full, with the headers to relay. */
export interface WholeReply {
  headers: Record<string, string>;
  bytes: Buffer;
}

/** Sends `request` and reads the whole body: for the endpoints that answer JSON. */
export async function fetchWhole(
  send: (request: UpstreamRequest) => Promise<UpstreamReply>,
  request: UpstreamRequest,
): Promise<WholeReply> {
  const { headers, body } = await send(request);
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return {
    headers: { 'content-type': 'application/json', ...headers },
    bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts),
  };
}
