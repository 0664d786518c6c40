import { Provider } from '@nestjs/common';
import { RedisClient } from '../redis/redis-client';
import { CacheConfig } from '../config/cache.config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { MemoryCacheStore } from './adapters/memory-cache-store';
import { RedisCacheStore } from './adapters/redis-cache-store';
import { CacheStore } from './cache-store.port';

/** Redis when REDIS_URL or REDIS_CLUSTER_NODES is set, else the bounded in-process LRU. */
export const cacheStoreProvider: Provider = {
  provide: CacheStore,
  inject: [REDIS_CLIENT, CacheConfig],
  useFactory: (redis: RedisClient | null, config: CacheConfig): CacheStore =>
    redis ? new RedisCacheStore(redis) : new MemoryCacheStore(config.maxEntries),
};
