import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CacheStore } from '../cache-store/cache-store.port';
import { AppConfigModule, AppConfigOptions } from '../config/app-config.module';
import { EmbedCacheModule } from '../embed-cache/embed-cache.module';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { LlmModule } from '../llm/llm.module';
import { LlmService } from '../llm/llm.service';
import { MetricsJson, MetricsJsonService } from '../metrics/metrics-json.service';
import { MetricsModule } from '../metrics/metrics.module';
import { PromptCacheModule } from '../prompt-cache/prompt-cache.module';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { RedisModule } from '../redis/redis.module';
import { ResilienceModule } from '../resilience/resilience.module';
import { ShutdownModule } from '../shutdown/shutdown.module';
import { CacheConfig } from '../config/cache.config';

/** The two layers as the service builds them, for commands that read or write entries. */
export interface CliLayers {
  promptCache: PromptCacheService;
  embedCache: EmbedCacheService;
  store: CacheStore;
  cacheConfig: CacheConfig;
  defaultModel: string;
  /** Live entries per layer, counted in Redis as the server's metrics count them. */
  entryCounts: () => Promise<MetricsJson['entries']>;
}

/**
 * Boots the layer modules without HTTP, from the same environment as the server, so that entries
 * go through the same store path (keys, embedder, index). Needs REDIS_URL or REDIS_CLUSTER_NODES:
 * the in-process store lives inside the running server. Resolves once the semantic index is loaded.
 */
export async function withLayers<T>(options: AppConfigOptions, run: (layers: CliLayers) => Promise<T>): Promise<T> {
  const { module: config, environment } = await AppConfigModule.load(options);
  if (environment.REDIS_URL === undefined && environment.REDIS_CLUSTER_NODES === undefined)
    throw new Error('REDIS_URL is not set: the in-process store lives inside the running server');
  @Module({
    imports: [
      config,
      RedisModule,
      MetricsModule,
      ResilienceModule,
      ShutdownModule,
      LlmModule,
      PromptCacheModule,
      EmbedCacheModule,
    ],
  })
  class LlmCacheCli {}
  const context: INestApplicationContext = await NestFactory.createApplicationContext(LlmCacheCli, {
    logger: false,
    abortOnError: false,
  });
  try {
    await context.init();
    const embedCache = context.get(EmbedCacheService);
    await embedCache.whenLoaded();
    if (embedCache.state === 'failed') throw new Error('Loading the semantic index from Redis failed');
    return await run({
      promptCache: context.get(PromptCacheService),
      embedCache,
      store: context.get(CacheStore),
      cacheConfig: context.get(CacheConfig),
      defaultModel: context.get(LlmService).defaultModel,
      entryCounts: async () => (await context.get(MetricsJsonService).snapshot()).entries,
    });
  } finally {
    await context.close();
  }
}
