import { Logger, Provider } from '@nestjs/common';
import { createOpenAiClient } from '../common/create-openai-client';
import { LlmConfig } from '../config/llm.config';
import { OpenAiLlmClient } from './adapters/openai-llm-client';
import { UnconfiguredLlmClient } from './adapters/unconfigured-llm-client';
import { LlmClient } from './llm-client.port';

/** Chooses the LLM adapter from config. */
export const llmClientProvider: Provider = {
  provide: LlmClient,
  inject: [LlmConfig],
  useFactory: (config: LlmConfig): LlmClient => {
    const logger = new Logger('Llm');
    if (!config.isConfigured) {
      logger.warn('No LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL): cache hits are served, misses answer 503');
      return new UnconfiguredLlmClient();
    }
    logger.log(`LLM: model ${config.model} at ${config.endpoint}`);
    // The SDK's per-attempt timeout sits past our deadline so the deadline decides (see OpenAiLlmClient).
    return new OpenAiLlmClient(createOpenAiClient(config, config.timeoutMs + 1000), config.timeoutMs);
  },
};
