import { RedisClient } from '../../redis/redis-client';
import { countKeysByPrefix, deleteKeysByPrefix } from '../../redis/scan-keys';
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
}
