import { Logger, Provider } from '@nestjs/common';
import { redactUrl } from '../common/redact-url';
import { LlmConfig } from '../config/llm.config';
import { HttpOpenAiUpstream } from './adapters/http-openai-upstream';
import { UnconfiguredOpenAiUpstream } from './adapters/unconfigured-openai-upstream';
import { OpenAiUpstream } from './openai-upstream.port';

/** The HTTP upstream when OPENAI_API_KEY or OPENAI_BASE_URL is set, or UPSTREAM_AUTH=passthrough. */
export const openAiUpstreamProvider: Provider = {
  provide: OpenAiUpstream,
  inject: [LlmConfig],
  useFactory: ({ isConfigured, endpoint, apiKey, timeoutMs, model, passthrough }: LlmConfig): OpenAiUpstream => {
    const logger = new Logger('Llm');
    if (!isConfigured) {
      logger.warn(
        'No LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL): cache hits are served, misses answer 503',
      );
      return new UnconfiguredOpenAiUpstream();
    }
    logger.log(`LLM: model ${model} at ${redactUrl(endpoint)}${passthrough ? ", with each caller's own key" : ''}`);
    // Passthrough: a request without the caller's key must never go out with the server's.
    return new HttpOpenAiUpstream({
      baseUrl: endpoint,
      apiKey: passthrough ? undefined : apiKey,
      timeoutMs,
    });
  },
};
