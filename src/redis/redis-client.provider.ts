import { Logger, Provider } from '@nestjs/common';
import { RedisConfig } from '../config/redis.config';
import { CircuitBreakers } from '../resilience/circuit-breakers.service';
import { guardedRedis, isRedisOutage } from './guarded-redis';
import { RedisClient } from './redis-client';
import { REDIS_CLIENT } from './redis.constants';
import { connectCluster, connectRedis } from './redis-connect';

/**
 * Connects at boot so a wrong REDIS_URL or REDIS_CLUSTER_NODES stops start-up with a clear message;
 * `null` selects the in-process store. The client's commands go through Redis's circuit breaker
 * (see guardedRedis), except in a context without breakers (the cache:clear CLI).
 */
export const redisClientProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [RedisConfig, { token: CircuitBreakers, optional: true }],
  useFactory: async (config: RedisConfig, breakers?: CircuitBreakers): Promise<RedisClient | null> => {
    let client: RedisClient;
    if (config.clusterNodes !== undefined) client = await connectCluster(config.clusterNodes, config);
    else if (config.url !== undefined) client = await connectRedis(config.url, config);
    else {
      new Logger('Redis').log(
        'Store: in-process memory (REDIS_URL is not set): entries are lost on restart and not shared between replicas',
      );
      return null;
    }
    return breakers ? guardedRedis(client, breakers.for('redis', isRedisOutage)) : client;
  },
};
