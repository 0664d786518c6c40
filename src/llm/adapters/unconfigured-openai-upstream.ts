import { LlmNotConfiguredError } from '../../common/errors/llm.errors';
import { OpenAiUpstream, UpstreamReply } from '../openai-upstream.port';

/** Stands in when no upstream is configured: cache hits are still served, the rest answers 503. */
export class UnconfiguredOpenAiUpstream extends OpenAiUpstream {
  send(): Promise<UpstreamReply> {
    return Promise.reject(new LlmNotConfiguredError());
  }
}
