import type Redis from 'ioredis';

/** Escapes Redis glob metacharacters so a prefix matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Yields batches of keys starting with `prefix`, using SCAN (never KEYS, which blocks Redis). */
export async function* scanKeys(redis: Redis, prefix: string, batchSize = 1000): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', batchSize);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/** Deletes every key starting with `prefix` in batches (UNLINK frees memory off the main thread); returns how many. */
export async function deleteKeysByPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of scanKeys(redis, prefix)) deleted += await redis.unlink(...keys);
  return deleted;
}

export async function countKeysByPrefix(redis: Redis, prefix: string): Promise<number> {
  let count = 0;
  for await (const keys of scanKeys(redis, prefix)) count += keys.length;
  return count;
}
