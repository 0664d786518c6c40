/**
 * DI token of the shared ioredis client (a `RedisClient`: one Redis or a Redis Cluster); its value
 * is `null` when neither REDIS_URL nor REDIS_CLUSTER_NODES is set (in-process store).
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
