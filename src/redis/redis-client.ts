import Redis, { ChainableCommander, Cluster } from 'ioredis';

/**
 * The service's Redis connection: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES).
 * Both run every command the service sends, because each command (and each MULTI) touches one key;
 * what differs is what spans the keyspace (SCAN: see {@link masterNodes}) and {@link duplicateClient}.
 */
export type RedisClient = Redis | Cluster;

/** Options a duplicated connection changes; for a cluster they apply to each node's connection. */
export interface ConnectionOverrides {
  lazyConnect?: boolean;
  enableOfflineQueue?: boolean;
  /** undefined: no timeout (a blocking read). */
  commandTimeout?: number | undefined;
}

/** The connections that hold the keyspace: the one Redis, or every master of the cluster. */
export function masterNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** Another connection with the same servers and credentials (for a blocking read or a subscriber). */
export function duplicateClient(client: RedisClient, overrides: ConnectionOverrides): RedisClient {
  if (!(client instanceof Cluster)) return client.duplicate(overrides);
  const { lazyConnect, enableOfflineQueue, ...perNode } = overrides;
  return client.duplicate([], {
    ...(lazyConnect !== undefined && { lazyConnect }),
    ...(enableOfflineQueue !== undefined && { enableOfflineQueue }),
    redisOptions: { ...client.options.redisOptions, ...perNode },
  });
}

/** Runs a MULTI; rejects with the first command's error (EXEC reports them one by one), else resolves the replies. */
export async function execTransaction(transaction: ChainableCommander): Promise<unknown[]> {
  const replies = (await transaction.exec()) ?? [];
  const failed = replies.find(([error]) => error)?.[0];
  if (failed) throw failed;
  return replies.map(([, reply]) => reply);
}
