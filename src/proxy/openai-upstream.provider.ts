import { Provider } from '@nestjs/common';
import { createOpenAiClient } from '../common/create-openai-client';
import { LlmConfig } from '../config/llm.config';
import { SdkOpenAiUpstream } from './adapters/sdk-openai-upstream';
import { UnconfiguredOpenAiUpstream } from './adapters/unconfigured-openai-upstream';
import { OpenAiUpstream } from './openai-upstream.port';

/** The SDK-backed upstream when OPENAI_API_KEY or OPENAI_BASE_URL is set. */
export const openAiUpstreamProvider: Provider = {
  provide: OpenAiUpstream,
  inject: [LlmConfig],
  useFactory: (config: LlmConfig): OpenAiUpstream =>
    config.isConfigured ? new SdkOpenAiUpstream(createOpenAiClient(config, config.timeoutMs)) : new UnconfiguredOpenAiUpstream(),
};
