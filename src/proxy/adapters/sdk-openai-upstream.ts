import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { LlmTimeoutError, LlmUpstreamError } from '../../common/errors/llm.errors';
import { OpenAiJson, OpenAiUpstream } from '../openai-upstream.port';
import { UpstreamHttpError } from '../upstream-http.error';

type AnyParams = never;

/** The upstream through the official `openai` SDK: its retries, timeouts and SSE parsing. */
export class SdkOpenAiUpstream extends OpenAiUpstream {
  constructor(private readonly openai: OpenAI) {
    super();
  }

  createChatCompletion(body: OpenAiJson, signal?: AbortSignal): Promise<OpenAiJson> {
    return this.call(() => this.openai.chat.completions.create({ ...body, stream: false } as AnyParams, { signal }));
  }

  streamChatCompletion(body: OpenAiJson, signal: AbortSignal): Promise<AsyncIterable<OpenAiJson>> {
    return this.call(() => this.openai.chat.completions.create({ ...body, stream: true } as AnyParams, { signal }));
  }

  createEmbeddings(body: OpenAiJson, signal?: AbortSignal): Promise<OpenAiJson> {
    return this.call(() => this.openai.embeddings.create(body as AnyParams, { signal }));
  }

  listModels(signal?: AbortSignal): Promise<OpenAiJson> {
    return this.call(() => this.openai.get('/models', { signal }));
  }

  private async call<T>(request: () => PromiseLike<unknown>): Promise<T> {
    try {
      return (await request()) as T;
    } catch (error) {
      throw translate(error);
    }
  }
}

function translate(error: unknown): Error {
  if (error instanceof APIConnectionTimeoutError) return new LlmTimeoutError('The upstream did not answer in time (LLM_TIMEOUT_MS)', { cause: error });
  if (error instanceof APIError && error.status !== undefined) {
    return new UpstreamHttpError(error.status, { error: error.error ?? { message: error.message, type: 'upstream_error' } });
  }
  if (error instanceof APIError) return new LlmUpstreamError(`The upstream could not be reached: ${error.message}`, undefined, { cause: error });
  return error as Error;
}
