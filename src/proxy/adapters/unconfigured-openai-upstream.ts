import { LlmNotConfiguredError } from '../../common/errors/llm.errors';
import { OpenAiJson, OpenAiUpstream } from '../openai-upstream.port';

/** Stands in when no upstream is configured: cache hits are still served, the rest answers 503. */
export class UnconfiguredOpenAiUpstream extends OpenAiUpstream {
  createChatCompletion(): Promise<OpenAiJson> {
    return Promise.reject(new LlmNotConfiguredError());
  }

  streamChatCompletion(): Promise<AsyncIterable<OpenAiJson>> {
    return Promise.reject(new LlmNotConfiguredError());
  }

  createEmbeddings(): Promise<OpenAiJson> {
    return Promise.reject(new LlmNotConfiguredError());
  }

  listModels(): Promise<OpenAiJson> {
    return Promise.reject(new LlmNotConfiguredError());
  }
}
