import { LlmNotConfiguredError } from '../../common/errors/llm.errors';
import { OpenAiUpstream, UpstreamReply } from '../openai-upstream.port';

/** Stands in when no upstream is configured: cache hits are still served, the rest answers 503. */
export class UnconfiguredOpenAiUpstream extends OpenAiUpstream {
  /** @param message what to set, for an upstream other than the OpenAI-compatible one; default LlmNotConfiguredError's. */
  constructor(private readonly message?: string) {
    super();
  }

  send(): Promise<UpstreamReply> {
    return Promise.reject(new LlmNotConfiguredError(this.message));
  }
}
