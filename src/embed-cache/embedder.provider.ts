import { Logger, Provider } from '@nestjs/common';
import { CacheStore } from '../cache-store/cache-store.port';
import { CacheConfig } from '../config/cache.config';
import { MetricsService } from '../metrics/metrics.service';
import { CachedEmbedder } from './adapters/cached-embedder';
import { createOpenAiClient } from '../common/create-openai-client';
import { EmbedConfig } from '../config/embed.config';
import { LlmConfig } from '../config/llm.config';
import { LexicalEmbedder } from './adapters/lexical-embedder';
import { OpenAiEmbedder } from './adapters/openai-embedder';
import { Embedder } from './embedder.port';

/**
 * Chooses the embedder from EMBED_PROVIDER (default: openai when an upstream is configured, else
 * lexical). A remote embedder gets the embedding cache in front; the lexical one is cheaper to
 * recompute than a store round trip.
 */
export const embedderProvider: Provider = {
  provide: Embedder,
  inject: [EmbedConfig, LlmConfig, CacheStore, CacheConfig, MetricsService],
  useFactory: (embed: EmbedConfig, llm: LlmConfig, store: CacheStore, cache: CacheConfig, metrics: MetricsService): Embedder => {
    if (embed.provider === 'openai' && !llm.isConfigured) {
      throw new Error('EMBED_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL; set one, or EMBED_PROVIDER=lexical');
    }
    const logger = new Logger('Embedder');
    const embedder =
      embed.provider === 'openai'
        ? new CachedEmbedder(new OpenAiEmbedder(createOpenAiClient(llm, embed.timeoutMs), embed.model), store, cache.ttlSeconds, {
            lookup: (hit, seconds) => metrics.recordLookup('embedding', hit ? 'hit' : 'miss', seconds),
            storeFailed: (error) => {
              metrics.recordStoreError('embedding_store');
              logger.warn(`Embedding cache failed, embedding anyway: ${error.message}`);
            },
          })
        : new LexicalEmbedder();
    const threshold = embed.similarityThreshold ?? embedder.defaultThreshold;
    logger.log(`Embedder: ${embedder.id}, similarity threshold ${threshold}`);
    return embedder;
  },
};
