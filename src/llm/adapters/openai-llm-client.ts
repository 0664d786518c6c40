import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { LlmTimeoutError, LlmUpstreamError } from '../../common/errors/llm.errors';
import { TimeoutError, withTimeout } from '../../common/with-timeout';
import { LlmClient, LlmCompletion, LlmCompletionRequest } from '../llm-client.port';

/** Chat completions from any OpenAI-compatible server through the official SDK (its retries included). */
export class OpenAiLlmClient extends LlmClient {
  readonly isConfigured = true;

  /** @param deadlineMs longest wait for one answer, retries included (LLM_TIMEOUT_MS). */
  constructor(
    private readonly openai: OpenAI,
    private readonly deadlineMs: number,
  ) {
    super();
  }

  async complete({ question, model }: LlmCompletionRequest): Promise<LlmCompletion> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    // Our own deadline over the SDK's call, retries included: what the caller waits for is the
    // whole call, and the abort stops retries that could no longer be used.
    const abort = new AbortController();
    try {
      const call = this.openai.chat.completions.create({ model, messages: [{ role: 'user', content: question }] }, { signal: abort.signal });
      completion = await withTimeout(call, this.deadlineMs, 'LLM call');
    } catch (error) {
      abort.abort();
      throw toDomainError(error);
    }
    const answer = completion.choices[0]?.message?.content;
    if (typeof answer !== 'string' || answer.length === 0) {
      throw new LlmUpstreamError('The LLM returned no answer text');
    }
    const usage = completion.usage;
    return {
      answer,
      model: completion.model ?? model,
      usage: usage && { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens },
    };
  }
}

function toDomainError(error: unknown): Error {
  if (error instanceof TimeoutError || error instanceof APIConnectionTimeoutError) {
    return new LlmTimeoutError('The LLM did not answer in time (LLM_TIMEOUT_MS)', { cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const what = status === undefined ? 'could not be reached' : `answered ${status}`;
    return new LlmUpstreamError(`The LLM upstream ${what}: ${error.message}`, status, { cause: error });
  }
  return new LlmUpstreamError(`The LLM call failed: ${(error as Error).message}`, undefined, { cause: error });
}
