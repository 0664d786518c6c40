import { Module } from '@nestjs/common';
import { cacheStoreProvider } from './cache-store.provider';

/**
 * The key-value store shared by the exact layer (`prompt_cache:*`) and the embedding cache
 * (`embedding:*`): Redis when REDIS_URL or REDIS_CLUSTER_NODES is set, else a bounded in-process LRU.
 */
@Module({
  providers: [cacheStoreProvider],
  exports: [cacheStoreProvider],
})
export class CacheStoreModule {}
