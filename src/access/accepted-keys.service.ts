import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '../redis/redis-client';
import { LRUCache } from 'lru-cache';
import { AccessConfig } from '../config/access.config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { acceptedKeyMark } from './key-digest';

/** Redis keys `llm_cache_accepted_key:<hmac>`, one per accepted key, expiring after PASSTHROUGH_KEY_TTL_S. */
export const ACCEPTED_KEY_PREFIX = 'llm_cache_accepted_key:';
/** Marks the in-process variant keeps; the least recently used go first (their keys just go upstream again). */
const MEMORY_MARKS = 10_000;

/**
 * The caller keys the upstream has accepted lately (UPSTREAM_AUTH=passthrough): only those may read
 * the cache, so a made-up key cannot. Holds an HMAC of each key, never the key: in Redis when the
 * service has one (shared by every replica), else in process. A store failure counts as "not
 * accepted": the request goes upstream, which checks the key itself.
 */
@Injectable()
export class AcceptedKeys {
  private readonly logger = new Logger(AcceptedKeys.name);
  private readonly memory?: LRUCache<string, true>;
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    private readonly config: AccessConfig,
  ) {
    this.ttlSeconds = config.acceptedKeyTtlSeconds;
    if (!redis) this.memory = new LRUCache({ max: MEMORY_MARKS, ttl: this.ttlSeconds * 1000 });
  }

  async isAccepted(key: string): Promise<boolean> {
    const mark = this.markOf(key);
    if (this.memory) return this.memory.has(mark);
    try {
      return (await this.redis!.exists(mark)) === 1;
    } catch (error) {
      this.logger.warn(`Accepted keys unreadable, the key goes upstream first: ${(error as Error).message}`);
      return false;
    }
  }

  /** The upstream answered 2xx to `key`: it may read the cache for PASSTHROUGH_KEY_TTL_S. */
  async accept(key: string): Promise<void> {
    const mark = this.markOf(key);
    if (this.memory) return void this.memory.set(mark, true);
    await this.redis!.set(mark, '1', 'EX', this.ttlSeconds).catch((error: Error) => {
      this.logger.warn(`Accepted key not remembered: ${error.message}`);
    });
  }

  /** The upstream refused `key` (401/403): it reads nothing more until accepted again. */
  async forget(key: string): Promise<void> {
    const mark = this.markOf(key);
    if (this.memory) return void this.memory.delete(mark);
    await this.redis!.del(mark).catch((error: Error) => {
      this.logger.warn(`Refused key not forgotten: ${error.message}`);
    });
  }

  private markOf(key: string): string {
    // validateEnvironment makes CACHE_SECRET present in passthrough mode.
    return `${ACCEPTED_KEY_PREFIX}${acceptedKeyMark(this.config.cacheSecret!, key)}`;
  }
}
