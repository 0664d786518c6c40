import { Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { CacheConfig } from '../config/cache.config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { MemoryVectorIndex } from './adapters/memory-vector-index';
import { RedisVectorIndex } from './adapters/redis-vector-index';
import { VectorIndex } from './vector-index.port';

/** Redis-backed when REDIS_URL is set, else the bounded in-process index. */
export const vectorIndexProvider: Provider = {
  provide: VectorIndex,
  inject: [REDIS_CLIENT, CacheConfig],
  useFactory: (redis: Redis | null, config: CacheConfig): VectorIndex =>
    redis
      ? new RedisVectorIndex(redis, config.ttlSeconds, Number.MAX_SAFE_INTEGER, config.semanticMaxEntries)
      : new MemoryVectorIndex(config.maxEntries, config.ttlSeconds),
};
