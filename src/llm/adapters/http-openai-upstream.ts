import { Agent, Dispatcher, request } from 'undici';
import { Deadline } from '../../common/deadline';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { LlmTimeoutError, LlmUpstreamError } from '../../common/errors/llm.errors';
import { OpenAiUpstream, UpstreamReply, UpstreamRequest } from '../openai-upstream.port';
import { relayedHeaders } from '../relayed-headers';
import { ErrorBodyOf, openAiErrorBody, UpstreamHttpError } from '../upstream-http.error';

export interface HttpUpstreamOptions {
  /** e.g. https://api.openai.com/v1 */
  baseUrl: string;
  apiKey?: string;
  /** How a key is sent: `authorization` (`Bearer <key>`, OpenAI) or `x-api-key` (Anthropic). Default `authorization`. */
  keyHeader?: 'authorization' | 'x-api-key';
  /** The error body relayed for an HTTP error, in the API's own shape. Default {@link openAiErrorBody}. */
  errorBody?: ErrorBodyOf;
  /**
   * Longest wait for the response headers of a request without a deadline of its own, and between
   * two pieces of a streamed body (undici checks that to within ~1 s).
   */
  timeoutMs: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The upstream over plain HTTP (undici), the body relayed as bytes: the caller gets exactly what the
 * upstream sent, including fields and events this service does not know, and its rate-limit and retry
 * headers, without the `openai` SDK's request building, WHATWG fetch and SSE re-parsing on the hot
 * path. One attempt per call: retries and the circuit breaker are LlmService's, around it.
 */
export class HttpOpenAiUpstream extends OpenAiUpstream {
  private readonly agent: Agent;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly keyHeaders: (key: string) => Record<string, string>;
  private readonly errorBody: ErrorBodyOf;

  constructor(options: HttpUpstreamOptions) {
    super();
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).href;
    this.timeoutMs = options.timeoutMs;
    this.keyHeaders =
      options.keyHeader === 'x-api-key'
        ? (key) => ({ 'x-api-key': key })
        : (key) => ({ authorization: `Bearer ${key}` });
    this.errorBody = options.errorBody ?? openAiErrorBody;
    // identity: no Accept-Encoding would allow any encoding, and the bytes are relayed and cached as they come.
    this.headers = {
      accept: 'application/json',
      'accept-encoding': 'identity',
      ...(options.apiKey && this.keyHeaders(options.apiKey)),
    };
    this.agent = new Agent({
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
  }

  async send(upstreamRequest: UpstreamRequest): Promise<UpstreamReply> {
    const { method, path, body, raw, signal, deadline } = upstreamRequest;
    const url = new URL(path, this.baseUrl);
    // `../`, `%2e%2e/` or `//host` in a forwarded path must not reach past the base URL with our key.
    if (!url.href.startsWith(this.baseUrl))
      throw new InvalidRequestError(`The path ${path} is outside the upstream's API`);
    const due = deadline ?? Deadline.after(this.timeoutMs, 'llm');
    // undici's own headers timeout fires up to ~1 s late: this timer makes the deadline exact.
    const expiry = new AbortController();
    const timer = setTimeout(() => expiry.abort(), due.remainingMs());
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        dispatcher: this.agent,
        signal: signal ? AbortSignal.any([signal, expiry.signal]) : expiry.signal,
        headers: this.headersFor(upstreamRequest),
        body: raw ? raw.data : body && JSON.stringify(body),
      });
    } catch (error) {
      if (expiry.signal.aborted && !signal?.aborted)
        throw due.timeoutError('The upstream did not answer in time', { cause: error });
      throw translate(error, signal);
    } finally {
      clearTimeout(timer);
    }
    const headers = relayedHeaders(response.headers);
    if (response.statusCode >= 200 && response.statusCode < 300)
      return { status: response.statusCode, headers, body: translatingErrors(response.body, signal) };
    const text = await response.body.text().catch(() => '');
    // The error body always goes out as JSON in the API's shape, whatever type the upstream gave it.
    const { 'content-type': _type, ...retryHints } = headers;
    throw new UpstreamHttpError(response.statusCode, this.errorBody(response.statusCode, text), retryHints);
  }

  /**
   * The configured headers, with the request's own (API version, content type...) and the caller's
   * own key in place of the configured one when it brings one.
   */
  private headersFor({ body, raw, headers, apiKey }: UpstreamRequest): Record<string, string> {
    const json = raw === undefined && body !== undefined;
    if (!json && !raw && !headers && apiKey === undefined) return this.headers;
    return {
      ...this.headers,
      ...headers,
      ...(json && { 'content-type': 'application/json' }),
      ...(raw?.contentType !== undefined && { 'content-type': raw.contentType }),
      ...(raw?.length !== undefined && { 'content-length': String(raw.length) }),
      ...(apiKey !== undefined && this.keyHeaders(apiKey)),
    };
  }

  /** Lets go of the keep-alive sockets when the app closes (Nest calls this on factory-made providers too). */
  onApplicationShutdown(): Promise<void> {
    return this.agent.close();
  }
}

/** The body, its failures (the upstream breaking off, going quiet past the timeout) in this port's terms. */
async function* translatingErrors(body: AsyncIterable<Buffer>, signal?: AbortSignal): AsyncIterable<Buffer> {
  try {
    for await (const part of body) yield part;
  } catch (error) {
    throw translate(error, signal);
  }
}

function translate(error: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return error as Error;
  const code = (error as { code?: string }).code;
  if (code && TIMEOUT_CODES.has(code))
    return new LlmTimeoutError('The upstream did not answer in time (LLM_TIMEOUT_MS)', { cause: error });
  return new LlmUpstreamError(`The upstream request failed: ${(error as Error).message}`, undefined, { cause: error });
}
