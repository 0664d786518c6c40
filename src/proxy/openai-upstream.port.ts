/** A JSON object as the OpenAI API sends or receives it; fields the cache does not read pass through. */
export type OpenAiJson = Record<string, unknown>;

/**
 * The OpenAI-compatible server behind the proxy. Requests go out with the caller's parameters
 * untouched. Failures reject with UpstreamHttpError (an HTTP error, passed through),
 * LlmTimeoutError, LlmUpstreamError (unreachable) or LlmNotConfiguredError.
 */
export abstract class OpenAiUpstream {
  /** POST /chat/completions without streaming; resolves the `chat.completion` object. */
  abstract createChatCompletion(body: OpenAiJson, signal?: AbortSignal): Promise<OpenAiJson>;

  /**
   * POST /chat/completions with `stream: true`. Resolves once the upstream accepted the request
   * (HTTP errors reject here, before any byte is sent to the caller), then yields each chunk.
   * Aborting `signal` stops the upstream request.
   */
  abstract streamChatCompletion(body: OpenAiJson, signal: AbortSignal): Promise<AsyncIterable<OpenAiJson>>;

  /** POST /embeddings; resolves the `list` object. */
  abstract createEmbeddings(body: OpenAiJson, signal?: AbortSignal): Promise<OpenAiJson>;

  /** GET /models; resolves the `list` object. */
  abstract listModels(signal?: AbortSignal): Promise<OpenAiJson>;
}
