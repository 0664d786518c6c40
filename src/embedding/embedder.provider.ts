import { Logger, Provider } from '@nestjs/common';
import { CacheStore } from '../cache-store/cache-store.port';
import { CacheConfig } from '../config/cache.config';
import { MetricsService } from '../metrics/metrics.service';
import { CachedEmbedder } from './adapters/cached-embedder';
import { createOpenAiClient } from './create-openai-client';
import { EmbedConfig } from '../config/embed.config';
import { LlmConfig } from '../config/llm.config';
import { LexicalEmbedder } from './adapters/lexical-embedder';
import { LocalEmbedder } from './adapters/local-embedder';
import { OpenAiEmbedder } from './adapters/openai-embedder';
import { Embedder } from './embedder.port';

/**
 * Chooses the embedder from EMBED_PROVIDER (default: openai when an upstream is configured, else
 * lexical). The openai and local embedders get the embedding cache in front; the lexical one is
 * cheaper to recompute than a store round trip.
 */
export const embedderProvider: Provider = {
  provide: Embedder,
  inject: [EmbedConfig, LlmConfig, CacheStore, CacheConfig, MetricsService],
  useFactory: async (
    embed: EmbedConfig,
    llm: LlmConfig,
    store: CacheStore,
    cache: CacheConfig,
    metrics: MetricsService,
  ): Promise<Embedder> => {
    const logger = new Logger('Embedder');
    const cached = (inner: Embedder) =>
      new CachedEmbedder(inner, store, cache.ttlSeconds, {
        lookup: (hit, seconds) => metrics.recordLookup('embedder_cache', hit ? 'hit' : 'miss', seconds),
        storeFailed: (error) => {
          metrics.recordStoreError('embedder_cache_store');
          logger.warn(`Embedding cache failed, embedding anyway: ${error.message}`);
        },
      });
    const embedder = await chooseEmbedder(embed, llm, cached);
    const threshold = embed.similarityThreshold ?? embedder.defaultThreshold;
    logger.log(`Embedder: ${embedder.id}, similarity threshold ${threshold}`);
    return embedder;
  },
};

async function chooseEmbedder(
  embed: EmbedConfig,
  llm: LlmConfig,
  cached: (inner: Embedder) => Embedder,
): Promise<Embedder> {
  switch (embed.provider) {
    case 'lexical':
      return new LexicalEmbedder();
    case 'openai':
      // The semantic layer embeds with the server's own upstream, never a passthrough caller's key.
      if (!llm.serverConfigured)
        throw new Error(
          'EMBED_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL; set one, or EMBED_PROVIDER=lexical',
        );
      return cached(new OpenAiEmbedder(createOpenAiClient(llm, embed.timeoutMs), embed.model, embed.dimensions));
    case 'local':
      if (embed.modelDir === undefined) throw new Error('EMBED_MODEL_DIR is required with EMBED_PROVIDER=local');
      // Cached too: a sentence model spends far more CPU per text than a store round trip costs,
      // and that CPU is shared with requests.
      return cached(await LocalEmbedder.load({ modelDir: embed.modelDir, allowDownload: embed.allowDownload }));
  }
}
