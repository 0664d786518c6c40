import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { CacheConfig } from '../config/cache.config';
import { RedisConfig } from '../config/redis.config';
import { MetricsService } from '../metrics/metrics.service';
import { promptKeyPrefix } from '../prompt-cache/prompt-key';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { MemoryCacheStore } from './adapters/memory-cache-store';
import { RedisCacheStore } from './adapters/redis-cache-store';
import { CacheStore } from './cache-store.port';
import { RedisTrackedKeys } from './key-tracking/redis-tracked-keys';

/** With Redis (and REDIS_KEY_TRACKING on), which exact-layer keys exist; null otherwise. */
export const trackedKeysProvider: Provider = {
  provide: RedisTrackedKeys,
  inject: [REDIS_CLIENT, RedisConfig, MetricsService],
  useFactory: (redis: Redis | null, config: RedisConfig, metrics: MetricsService): RedisTrackedKeys | null =>
    redis && config.keyTracking ? new RedisTrackedKeys(redis, promptKeyPrefix(), { onTrustChange: (trusted) => metrics.recordKeyTracking(trusted) }) : null,
};

/** Redis when REDIS_URL is set, else the bounded in-process LRU. */
export const cacheStoreProvider: Provider = {
  provide: CacheStore,
  inject: [REDIS_CLIENT, CacheConfig, RedisTrackedKeys],
  useFactory: (redis: Redis | null, config: CacheConfig, trackedKeys: RedisTrackedKeys | null): CacheStore =>
    redis ? new RedisCacheStore(redis, trackedKeys ?? undefined) : new MemoryCacheStore(config.maxEntries),
};
