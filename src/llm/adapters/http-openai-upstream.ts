import { Agent, Dispatcher, RetryAgent, request } from 'undici';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { LlmTimeoutError, LlmUpstreamError } from '../../common/errors/llm.errors';
import { OpenAiUpstream, UpstreamReply, UpstreamRequest } from '../openai-upstream.port';
import { relayedHeaders } from '../relayed-headers';
import { openAiErrorBody, UpstreamHttpError } from '../upstream-http.error';

export interface HttpUpstreamOptions {
  /** e.g. https://api.openai.com/v1 */
  baseUrl: string;
  apiKey?: string;
  /** Longest wait for the response headers (retries included), and between two pieces of a streamed body (undici checks that to within ~1 s). */
  timeoutMs: number;
  /** Further attempts after a connection failure or a 408, 409, 429 or 5xx. */
  maxRetries: number;
  /** The same for requests whose caller retries by itself (`callerRetries`); default `maxRetries`. */
  callerRetriesMaxRetries?: number;
}

/** The statuses the `openai` SDK retries; Retry-After is honoured. */
const RETRIED_STATUSES = [408, 409, 429, 500, 502, 503, 504];
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The upstream over plain HTTP (undici), the body relayed as bytes: the caller gets exactly what the
 * upstream sent, including fields and events this service does not know, and its rate-limit and retry
 * headers, without the `openai` SDK's request building, WHATWG fetch and SSE re-parsing on the hot
 * path. undici's RetryAgent retries as the SDK would; the last failed answer is relayed to the caller.
 */
export class HttpOpenAiUpstream extends OpenAiUpstream {
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  /** For callers that retry by themselves: its own retry count over the same connections. */
  private readonly callerRetriesDispatcher: Dispatcher;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: HttpUpstreamOptions) {
    super();
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).href;
    this.timeoutMs = options.timeoutMs;
    // identity: no Accept-Encoding would allow any encoding, and the bytes are relayed and cached as they come.
    this.headers = {
      accept: 'application/json',
      'accept-encoding': 'identity',
      ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
    };
    this.agent = new Agent({
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
    this.dispatcher = this.retrying(options.maxRetries);
    this.callerRetriesDispatcher = this.retrying(options.callerRetriesMaxRetries ?? options.maxRetries);
  }

  private retrying(maxRetries: number): Dispatcher {
    return new RetryAgent(this.agent, {
      maxRetries,
      methods: ['GET', 'POST'],
      statusCodes: RETRIED_STATUSES,
      maxTimeout: 8_000,
      throwOnError: false,
    });
  }

  async send(upstreamRequest: UpstreamRequest): Promise<UpstreamReply> {
    const { method, path, body, raw, signal, callerRetries, once } = upstreamRequest;
    const url = new URL(path, this.baseUrl);
    // `../`, `%2e%2e/` or `//host` in a forwarded path must not reach past the base URL with our key.
    if (!url.href.startsWith(this.baseUrl))
      throw new InvalidRequestError(`The path ${path} is outside the upstream's API`);
    // undici's own headers timeout fires up to ~1 s late and restarts with each retry: this timer
    // makes LLM_TIMEOUT_MS the longest wait for the answer's headers, retries included.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        // A request sent once skips the retry wrapper: RetryAgent retries POSTs, and a stream is read once.
        dispatcher: once ? this.agent : callerRetries ? this.callerRetriesDispatcher : this.dispatcher,
        signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
        headers: this.headersFor(upstreamRequest),
        body: raw ? raw.data : body && JSON.stringify(body),
      });
    } catch (error) {
      if (deadline.signal.aborted && !signal?.aborted)
        throw new LlmTimeoutError('The upstream did not answer in time (LLM_TIMEOUT_MS)', { cause: error });
      throw translate(error, signal);
    } finally {
      clearTimeout(timer);
    }
    const headers = relayedHeaders(response.headers);
    if (response.statusCode >= 200 && response.statusCode < 300)
      return { status: response.statusCode, headers, body: translatingErrors(response.body, signal) };
    const text = await response.body.text().catch(() => '');
    // The error body always goes out as OpenAI's JSON shape, whatever type the upstream gave it.
    const { 'content-type': _type, ...retryHints } = headers;
    throw new UpstreamHttpError(response.statusCode, openAiErrorBody(response.statusCode, text), retryHints);
  }

  /** The configured headers, with the caller's own key in place of the configured one when it brings one. */
  private headersFor({ body, raw, headers, apiKey }: UpstreamRequest): Record<string, string> {
    const json = raw === undefined && body !== undefined;
    if (!json && !raw && !headers && apiKey === undefined) return this.headers;
    return {
      ...this.headers,
      ...headers,
      ...(json && { 'content-type': 'application/json' }),
      ...(raw?.contentType !== undefined && { 'content-type': raw.contentType }),
      ...(raw?.length !== undefined && { 'content-length': String(raw.length) }),
      ...(apiKey !== undefined && { authorization: `Bearer ${apiKey}` }),
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
