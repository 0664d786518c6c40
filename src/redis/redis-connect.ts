import { Logger } from '@nestjs/common';
import Redis, { Cluster } from 'ioredis';
import { RedisConfig } from '../config/redis.config';
import { redactUrl } from '../common/redact-url';
import { withTimeout } from '../common/with-timeout';
import { describeClusterNodes, parseClusterNodes } from './cluster-nodes';
import { clusterTlsOptions, redisTlsOptions } from './redis-tls';

const logger = new Logger('Redis');

/**
 * Boot runs CPU-bound work beside the connect (the lexical embedder loads its dictionaries),
 * which can stall the event loop past a short timer: give the first connect
 * at least this long. Commands and health pings use REDIS_TIMEOUT_MS as set.
 */
const MIN_BOOT_CONNECT_MS = 5000;

/** What every connection shares, to one Redis or to each node of a cluster. */
const connectionOptions = (timeoutMs: number) => ({
  // Fail commands at once while disconnected instead of queueing them: the cache
  // treats a failed command as a miss, so a Redis outage adds no latency.
  enableOfflineQueue: false,
  enableAutoPipelining: true,
  maxRetriesPerRequest: 1,
  commandTimeout: timeoutMs,
  connectTimeout: Math.max(timeoutMs, MIN_BOOT_CONNECT_MS),
});

/** Connects to REDIS_URL; rejects with a message naming it (password redacted). */
export function connectRedis(url: string, { timeoutMs, tlsCaFile }: RedisConfig): Promise<Redis> {
  const tls = redisTlsOptions(url, tlsCaFile);
  const client = new Redis(url, { ...(tls && { tls }), lazyConnect: true, ...connectionOptions(timeoutMs) });
  const shown = redactUrl(url);
  const connected = `Store: Redis at ${shown} (shared by every replica, survives restarts)`;
  return awaitConnect(client, timeoutMs, `Redis at REDIS_URL=${shown}`, connected);
}

/**
 * Connects to the Redis Cluster of REDIS_CLUSTER_NODES. Reads go to masters (the default
 * `scaleReads`): a replica reading another's change must find the hash that was just written.
 */
export function connectCluster(nodes: string, { timeoutMs, tlsCaFile }: RedisConfig): Promise<Cluster> {
  const cluster = parseClusterNodes(nodes);
  const tls = clusterTlsOptions(cluster.tls, tlsCaFile);
  const { enableOfflineQueue, enableAutoPipelining, ...perNode } = connectionOptions(timeoutMs);
  const client = new Cluster(cluster.nodes, {
    lazyConnect: true,
    enableOfflineQueue,
    enableAutoPipelining,
    scaleReads: 'master',
    slotsRefreshTimeout: timeoutMs,
    redisOptions: {
      ...perNode,
      ...(tls && { tls }),
      ...(cluster.username !== undefined && { username: cluster.username }),
      ...(cluster.password !== undefined && { password: cluster.password }),
    },
  });
  const shown = describeClusterNodes(cluster);
  const connected = `Store: Redis Cluster at ${shown} (shared by every replica, survives restarts)`;
  return awaitConnect(client, timeoutMs, `the Redis Cluster at REDIS_CLUSTER_NODES=${shown}`, connected);
}

async function awaitConnect<T extends Redis | Cluster>(
  client: T,
  timeoutMs: number,
  where: string,
  connected: string,
): Promise<T> {
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
    throw new Error(`Cannot reach ${where}: ${reason}`, { cause: error });
  }
  logger.log(connected);
  return client;
}
