import { RedisClient } from '../../redis/redis-client';
import { countKeysByPrefix, deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import { CacheStore } from '../cache-store.port';

/** Redis strings with native expiry: shared by every replica, survives restarts. */
export class RedisCacheStore extends CacheStore {
  readonly kind = 'redis';

  constructor(private readonly redis: RedisClient) {
    super();
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) await this.redis.set(key, value, 'EX', ttlSeconds);
    else await this.redis.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.unlink(key)) > 0;
  }

  deleteByPrefix(prefix: string): Promise<number> {
    return deleteKeysByPrefix(this.redis, prefix);
  }

  countByPrefix(prefix: string): Promise<number> {
    return countKeysByPrefix(this.redis, prefix);
  }

  async *entries(prefix: string): AsyncIterable<{ key: string; value: string }> {
    for await (const keys of scanKeys(this.redis, prefix, 200)) {
      // One GET per key rather than MGET: in a cluster the keys of one command must share a slot.
      const values = await Promise.all(keys.map((key) => this.redis.get(key)));
      for (const [i, key] of keys.entries()) {
        const value = values[i];
        if (value !== null) yield { key, value };
      }
    }
  }
}
