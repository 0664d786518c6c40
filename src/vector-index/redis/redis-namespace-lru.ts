import { execTransaction, RedisClient } from '../../redis/redis-client';
import { deleteKeysByPrefix } from '../../redis/scan-keys';
import { RecencyClock } from './recency-clock';

/** Sorted sets of entry ids scored by last use, one per namespace. Outside `embed_cache:` on purpose. */
export const LRU_KEY_PREFIX = 'embed_cache_lru:';

const lruKey = (namespace: string) => `${LRU_KEY_PREFIX}${namespace}`;

/**
 * SEMANTIC_MAX_ENTRIES in Redis: the recency of each namespace's entries, so the least recently
 * written or hit ones can be evicted once a namespace holds more than the bound.
 */
export class RedisNamespaceLru {
  /** @param maxPerNamespace entries a namespace may hold; 0 = unbounded. */
  constructor(
    private readonly redis: RedisClient,
    private readonly maxPerNamespace: number,
    private readonly clock = new RecencyClock(),
  ) {}

  private now(): number {
    return this.clock.now();
  }

  /** Marks the entry used now (a write counts as use); resolves how many entries the namespace holds. */
  async touchAndCount(namespace: string, id: string): Promise<number> {
    const key = lruKey(namespace);
    const [, count] = await execTransaction(this.redis.multi().zadd(key, this.now(), id).zcard(key));
    return Number(count ?? 0);
  }

  async forget(namespace: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.zrem(lruKey(namespace), ...ids);
  }

  /** Forgets entries of any namespaces: one ZREM per namespace, whose set is one key. */
  async forgetAll(entries: { namespace: string; id: string }[]): Promise<void> {
    const idsByNamespace = new Map<string, string[]>();
    for (const { namespace, id } of entries) {
      const ids = idsByNamespace.get(namespace) ?? [];
      ids.push(id);
      idsByNamespace.set(namespace, ids);
    }
    await Promise.all([...idsByNamespace].map(([namespace, ids]) => this.forget(namespace, ids)));
  }

  /** A hit counts as use; XX: never resurrects an entry that was evicted meanwhile. */
  async touch(namespace: string, id: string): Promise<void> {
    await this.redis.zadd(lruKey(namespace), 'XX', this.now(), id);
  }

  /** Removes and returns the ids beyond the bound, least recently used first. @param count the namespace's entries now. */
  async overflow(namespace: string, count: number): Promise<string[]> {
    const excess = count - this.maxPerNamespace;
    if (this.maxPerNamespace <= 0 || excess <= 0) return [];
    const popped = await this.redis.zpopmin(lruKey(namespace), excess);
    return popped.filter((_, i) => i % 2 === 0); // [id, score, id, score...]
  }

  /** Every id the namespace's set holds. */
  members(namespace: string): Promise<string[]> {
    return this.redis.zrange(lruKey(namespace), 0, -1);
  }

  async clear(namespace?: string): Promise<void> {
    if (namespace === undefined) await deleteKeysByPrefix(this.redis, LRU_KEY_PREFIX);
    else await this.redis.unlink(lruKey(namespace));
  }
}
