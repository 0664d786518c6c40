import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { deleteKeysByPrefix } from '../../redis/scan-keys';

/** Sorted sets of entry ids scored by last use, one per namespace. Outside `embed_cache:` on purpose. */
export const LRU_KEY_PREFIX = 'embed_cache_lru:';

const lruKey = (namespace: string) => `${LRU_KEY_PREFIX}${namespace}`;

/**
 * SEMANTIC_MAX_ENTRIES in Redis: the recency of each namespace's entries, so the least recently
 * written or hit ones can be evicted once a namespace holds more than the bound.
 */
export class RedisNamespaceLru {
  /** The last score handed out (see now()). */
  private last = 0;

  /** @param maxPerNamespace entries a namespace may hold; 0 = unbounded. */
  constructor(
    private readonly redis: Redis,
    private readonly maxPerNamespace: number,
  ) {}

  /**
   * The recency score: epoch microseconds, with a per-process tiebreak so that two uses within one
   * millisecond keep their order (with millisecond scores Redis orders ties by member name).
   */
  private now(): number {
    const micros = Date.now() * 1000;
    this.last = Math.max(micros, this.last + 1);
    return this.last;
  }

  /** Adds "used now" to a MULTI (a write counts as use). */
  appendTouch(transaction: ChainableCommander, namespace: string, id: string): ChainableCommander {
    return transaction.zadd(lruKey(namespace), this.now(), id);
  }

  appendForget(transaction: ChainableCommander, namespace: string, id: string): ChainableCommander {
    return transaction.zrem(lruKey(namespace), id);
  }

  /** A hit counts as use; XX: never resurrects an entry that was evicted meanwhile. */
  async touch(namespace: string, id: string): Promise<void> {
    await this.redis.zadd(lruKey(namespace), 'XX', this.now(), id);
  }

  /** Adds the namespace's entry count to a MULTI, to pass to {@link overflow} without another round trip. */
  appendCount(transaction: ChainableCommander, namespace: string): ChainableCommander {
    return transaction.zcard(lruKey(namespace));
  }

  /** Removes and returns the ids beyond the bound, least recently used first. @param count the namespace's entries now. */
  async overflow(namespace: string, count: number): Promise<string[]> {
    const excess = count - this.maxPerNamespace;
    if (this.maxPerNamespace <= 0 || excess <= 0) return [];
    const popped = await this.redis.zpopmin(lruKey(namespace), excess);
    return popped.filter((_, i) => i % 2 === 0); // [id, score, id, score...]
  }

  async clear(namespace?: string): Promise<void> {
    if (namespace === undefined) await deleteKeysByPrefix(this.redis, LRU_KEY_PREFIX);
    else await this.redis.unlink(lruKey(namespace));
  }
}
