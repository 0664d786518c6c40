import type Redis from 'ioredis';
import { masterNodes, RedisClient } from './redis-client';

/** Escapes Redis glob metacharacters so a prefix matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Yields batches of keys starting with `prefix`, using SCAN (never KEYS, which blocks Redis). A
 * cluster is scanned master by master: each holds its own part of the keyspace.
 */
export async function* scanKeys(redis: RedisClient, prefix: string, batchSize = 1000): AsyncGenerator<string[]> {
  for (const node of masterNodes(redis)) yield* scanNode(node, prefix, batchSize);
}

async function* scanNode(node: Redis, prefix: string, batchSize: number): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', batchSize);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/**
 * Deletes every key starting with `prefix` in batches; resolves how many. One UNLINK (which frees
 * memory off the main thread) per key, because in a cluster the keys of one command must share a
 * slot; the batch still goes out without waiting for replies in between.
 */
export async function deleteKeysByPrefix(redis: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of scanKeys(redis, prefix)) {
    const removed = await Promise.all(keys.map((key) => redis.unlink(key)));
    deleted += removed.reduce((sum, n) => sum + n, 0);
  }
  return deleted;
}

export async function countKeysByPrefix(redis: RedisClient, prefix: string): Promise<number> {
  let count = 0;
  for await (const keys of scanKeys(redis, prefix)) count += keys.length;
  return count;
}
