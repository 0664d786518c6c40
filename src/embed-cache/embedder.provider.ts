import { Logger, Provider } from '@nestjs/common';
import { createOpenAiClient } from '../common/create-openai-client';
import { EmbedConfig } from '../config/embed.config';
import { LlmConfig } from '../config/llm.config';
import { LexicalEmbedder } from './adapters/lexical-embedder';
import { OpenAiEmbedder } from './adapters/openai-embedder';
import { Embedder } from './embedder.port';

/** Chooses the embedder from EMBED_PROVIDER (default: openai when an upstream is configured, else lexical). */
export const embedderProvider: Provider = {
  provide: Embedder,
  inject: [EmbedConfig, LlmConfig],
  useFactory: (embed: EmbedConfig, llm: LlmConfig): Embedder => {
    if (embed.provider === 'openai' && !llm.isConfigured) {
      throw new Error('EMBED_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL; set one, or EMBED_PROVIDER=lexical');
    }
    const embedder =
      embed.provider === 'openai'
        ? new OpenAiEmbedder(createOpenAiClient(llm, embed.timeoutMs), embed.model)
        : new LexicalEmbedder();
    const threshold = embed.similarityThreshold ?? embedder.defaultThreshold;
    new Logger('Embedder').log(`Embedder: ${embedder.id}, similarity threshold ${threshold}`);
    return embedder;
  },
};
