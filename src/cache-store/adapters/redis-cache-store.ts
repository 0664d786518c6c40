import type Redis from 'ioredis';
import { countKeysByPrefix, deleteKeysByPrefix } from '../../redis/scan-keys';
import { CacheStore } from '../cache-store.port';
import { KeyPresence } from '../key-presence.port';

/** Redis strings with native expiry: shared by every replica, survives restarts. */
export class RedisCacheStore extends CacheStore {
  readonly kind = 'redis';

  /** @param presence when given, a key it knows to be absent is a miss without a round trip. */
  constructor(
    private readonly redis: Redis,
    private readonly presence?: KeyPresence,
  ) {
    super();
  }

  async get(key: string): Promise<string | undefined> {
    if (this.presence?.mayExist(key) === false) return undefined;
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.presence?.noteWrite(key);
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
