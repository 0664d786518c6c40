import { Logger, Provider } from '@nestjs/common';
import { RedisConfig } from '../config/redis.config';
import { RedisClient } from './redis-client';
import { REDIS_CLIENT } from './redis.constants';
import { connectCluster, connectRedis } from './redis-connect';

/**
 * Connects at boot so a wrong REDIS_URL or REDIS_CLUSTER_NODES stops start-up with a clear message;
 * `null` selects the in-process store.
 */
export const redisClientProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [RedisConfig],
  useFactory: async (config: RedisConfig): Promise<RedisClient | null> => {
    if (config.clusterNodes !== undefined) return connectCluster(config.clusterNodes, config);
    if (config.url !== undefined) return connectRedis(config.url, config);
    new Logger('Redis').log(
      'Store: in-process memory (REDIS_URL is not set): entries are lost on restart and not shared between replicas',
    );
    return null;
  },
};
