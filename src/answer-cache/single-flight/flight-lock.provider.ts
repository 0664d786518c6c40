import { Provider } from '@nestjs/common';
import { RedisClient } from '../../redis/redis-client';
import { CacheConfig } from '../../config/cache.config';
import { REDIS_CLIENT } from '../../redis/redis.constants';
import { LocalFlightLock } from './adapters/local-flight-lock';
import { RedisFlightLock } from './adapters/redis-flight-lock';
import { FlightLock } from './flight-lock.port';

/** A Redis lock shared by every replica when REDIS_URL or REDIS_CLUSTER_NODES is set; else this process is the only one. */
export const flightLockProvider: Provider = {
  provide: FlightLock,
  inject: [REDIS_CLIENT, CacheConfig],
  useFactory: (redis: RedisClient | null, config: CacheConfig): FlightLock =>
    redis ? new RedisFlightLock(redis, { ttlMs: config.coalesceLockTtlMs }) : new LocalFlightLock(),
};
