import { Module } from '@nestjs/common';
import { cacheStoreProvider, trackedKeysProvider } from './cache-store.provider';

/**
 * The key-value store shared by the exact layer (`prompt_cache:*`) and the embedding cache
 * (`embedding:*`): Redis when REDIS_URL is set, else a bounded in-process LRU. With Redis, the
 * exact layer's keys are tracked so that a miss on a new prompt costs no round trip.
 */
@Module({
  providers: [trackedKeysProvider, cacheStoreProvider],
  exports: [cacheStoreProvider],
})
export class CacheStoreModule {}
