import { Logger, Provider } from '@nestjs/common';
import { redactUrl } from '../common/redact-url';
import { AnthropicConfig } from '../config/anthropic.config';
import { LlmConfig } from '../config/llm.config';
import { HttpOpenAiUpstream } from './adapters/http-openai-upstream';
import { UnconfiguredOpenAiUpstream } from './adapters/unconfigured-openai-upstream';
import { ANTHROPIC_UPSTREAM } from './llm.constants';
import { OpenAiUpstream } from './openai-upstream.port';
import { anthropicErrorBody } from './upstream-http.error';

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

/**
 * The upstream of `/v1/messages`: the same HTTP adapter as the OpenAI-compatible one (LLM_TIMEOUT_MS;
 * retries and a breaker of its own in LlmService), pointed at ANTHROPIC_BASE_URL with the key in `x-api-key`.
 */
export const anthropicUpstreamProvider: Provider = {
  provide: ANTHROPIC_UPSTREAM,
  inject: [AnthropicConfig, LlmConfig],
  useFactory: (anthropic: AnthropicConfig, llm: LlmConfig): OpenAiUpstream => {
    if (!anthropic.isConfigured)
      return new UnconfiguredOpenAiUpstream(
        'No Anthropic upstream is configured: set ANTHROPIC_API_KEY (or ANTHROPIC_BASE_URL) to answer /v1/messages cache misses',
      );
    new Logger('Llm').log(`Anthropic: ${redactUrl(anthropic.endpoint)}`);
    // Passthrough: a request without the caller's key must never go out with the server's.
    return new HttpOpenAiUpstream({
      baseUrl: anthropic.endpoint,
      apiKey: anthropic.passthrough ? undefined : anthropic.apiKey,
      keyHeader: 'x-api-key',
      errorBody: anthropicErrorBody,
      timeoutMs: llm.timeoutMs,
    });
  },
};
