import { Logger } from '@nestjs/common';
import { withTimeout } from '../../../common/with-timeout';
import { SemanticVerifyConfig } from '../../../config/semantic-verify.config';
import { fetchWhole } from '../../../llm/openai-upstream.port';
import { LlmService } from '../../../llm/llm.service';
import { Candidate, Verdict, Verifier } from '../verifier.port';
import { VERIFICATION_MAX_TOKENS, verdictOf, verificationMessages } from './verification-prompt';

interface ChatCompletion {
  choices?: { message?: { content?: string | null } }[];
}

/**
 * SEMANTIC_VERIFIER=llm: asks the configured upstream (VERIFY_MODEL) whether the cached answer fits
 * the new question, in at most a few tokens. An upstream error, an unreadable reply or no reply
 * within VERIFY_TIMEOUT_MS is `error`: a miss, never a hit.
 */
export class LlmVerifier extends Verifier {
  readonly kind = 'llm';
  private readonly logger = new Logger(LlmVerifier.name);

  constructor(
    private readonly llm: LlmService,
    private readonly config: Pick<SemanticVerifyConfig, 'model' | 'timeoutMs'>,
  ) {
    super();
  }

  async verify(candidate: Candidate): Promise<Verdict> {
    const abort = new AbortController();
    try {
      const reply = await withTimeout(this.ask(candidate, abort.signal), this.config.timeoutMs, 'Verification');
      const verdict = verdictOf(reply);
      if (verdict === 'error') this.logger.warn('The verifier model replied neither yes nor no; serving as a miss');
      return verdict;
    } catch (error) {
      this.logger.warn(`Verification failed, serving as a miss: ${(error as Error).message}`);
      return 'error';
    } finally {
      abort.abort();
    }
  }

  private async ask(candidate: Candidate, signal: AbortSignal): Promise<string> {
    const { bytes } = await fetchWhole((request) => this.llm.send(request), {
      method: 'POST',
      path: 'chat/completions',
      body: {
        model: this.config.model,
        messages: verificationMessages(candidate),
        max_tokens: VERIFICATION_MAX_TOKENS,
        temperature: 0,
      },
      signal,
      // A verification has VERIFY_TIMEOUT_MS and its failure is a miss: no retries.
      once: true,
    });
    const completion = JSON.parse(bytes.toString('utf8')) as ChatCompletion;
    return completion.choices?.[0]?.message?.content ?? '';
  }
}
