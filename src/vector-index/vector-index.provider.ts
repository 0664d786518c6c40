import { Logger, Provider } from '@nestjs/common';
import { RedisClient } from '../redis/redis-client';
import { CacheConfig } from '../config/cache.config';
import { SemanticIndexConfig } from '../config/semantic-index.config';
import { MetricsService } from '../metrics/metrics.service';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { bucketSettings } from './ann/bucket-settings';
import { MemoryVectorIndex } from './adapters/memory-vector-index';
import { RedisVectorIndex } from './adapters/redis-vector-index';
import { IndexSnapshots } from './snapshot/index-snapshots';
import { SemanticEvictionReason, VectorIndex } from './vector-index.port';

/** Redis-backed when REDIS_URL or REDIS_CLUSTER_NODES is set, else the bounded in-process index. */
export const vectorIndexProvider: Provider = {
  provide: VectorIndex,
  inject: [REDIS_CLIENT, CacheConfig, SemanticIndexConfig, MetricsService],
  useFactory: (
    redis: RedisClient | null,
    cache: CacheConfig,
    semantic: SemanticIndexConfig,
    metrics: MetricsService,
  ): VectorIndex => {
    const bucket = bucketSettings(semantic.quantization, { efSearch: semantic.efSearch });
    const bounds = {
      maxPerNamespace: cache.semanticMaxEntries,
      maxTotalEntries: semantic.maxTotalEntries,
      onEvict: (reason: SemanticEvictionReason, count: number) => metrics.recordSemanticEvictions(reason, count),
    };
    if (!redis) {
      if (semantic.snapshotDir !== undefined) {
        new Logger('VectorIndex').warn(
          'SEMANTIC_SNAPSHOT_DIR is ignored without REDIS_URL: the embedded store starts empty by design',
        );
      }
      return new MemoryVectorIndex({
        maxEntries: cache.maxEntries,
        ttlSeconds: cache.ttlSeconds,
        ...bounds,
        bucket,
      });
    }
    const snapshots =
      semantic.snapshotDir === undefined ? undefined : new IndexSnapshots(semantic.snapshotDir, semantic.quantization);
    return new RedisVectorIndex(redis, {
      ttlSeconds: cache.ttlSeconds,
      ...bounds,
      bucket,
      snapshots,
    });
  },
};
