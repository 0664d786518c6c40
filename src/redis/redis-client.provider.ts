import { Logger, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisConfig } from '../config/redis.config';
import { redactUrl } from '../common/redact-url';
import { withTimeout } from '../common/with-timeout';
import { CircuitBreakers } from '../resilience/circuit-breakers.service';
import { guardedRedis, isRedisOutage } from './guarded-redis';
import { REDIS_CLIENT } from './redis.constants';
import { redisTlsOptions } from './redis-tls';

const logger = new Logger('Redis');

/**
 * Boot runs CPU-bound work beside the connect (the lexical embedder loads its dictionaries),
 * which can stall the event loop past a short timer: give the first connect
 * at least this long. Commands and health pings use REDIS_TIMEOUT_MS as set.
 */
const MIN_BOOT_CONNECT_MS = 5000;

async function connect(url: string, { timeoutMs, tlsCaFile }: RedisConfig): Promise<Redis> {
  const tls = redisTlsOptions(url, tlsCaFile);
  const client = new Redis(url, {
    ...(tls && { tls }),
    lazyConnect: true,
    // Fail commands at once while disconnected instead of queueing them: the cache
    // treats a failed command as a miss, so a Redis outage adds no latency.
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, MIN_BOOT_CONNECT_MS),
  });
  // A refused AUTH or TLS handshake surfaces here, while connect() only rejects with "Connection is closed".
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
    logger.warn(`Redis error: ${error.message}`);
  });
  try {
    await withTimeout(client.connect(), Math.max(timeoutMs, MIN_BOOT_CONNECT_MS), 'Redis connect');
  } catch (error) {
    client.disconnect();
    let reason = (error as Error).message;
    if (lastError && lastError.message !== reason) reason += ` (${lastError.message})`;
    throw new Error(`Cannot reach Redis at REDIS_URL=${redactUrl(url)}: ${reason}`, { cause: error });
  }
  logger.log(`Store: Redis at ${redactUrl(url)} (shared by every replica, survives restarts)`);
  return client;
}

/**
 * Connects at boot so a wrong REDIS_URL stops start-up with a clear message; `null` selects the
 * in-process store. The client's commands go through Redis's circuit breaker (see guardedRedis),
 * except in a context without breakers (the cache:clear CLI).
 */
export const redisClientProvider: Provider = {
  provide: REDIS_CLIENT,
  inject: [RedisConfig, { token: CircuitBreakers, optional: true }],
  useFactory: async (config: RedisConfig, breakers?: CircuitBreakers): Promise<Redis | null> => {
    if (config.url === undefined) {
      logger.log(
        'Store: in-process memory (REDIS_URL is not set): entries are lost on restart and not shared between replicas',
      );
      return null;
    }
    const client = await connect(config.url, config);
    return breakers ? guardedRedis(client, breakers.for('redis', isRedisOutage)) : client;
  },
};
