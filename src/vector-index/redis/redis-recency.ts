import { RedisClient } from '../../redis/redis-client';
import { SemanticEvictionReason } from '../vector-index.port';
import { RecencyClock } from './recency-clock';
import { EntryAddress, RedisGlobalLru } from './redis-global-lru';
import { RedisNamespaceLru } from './redis-namespace-lru';

/** An entry to delete because a bound was exceeded; already out of the recency sets. */
export interface Eviction extends EntryAddress {
  reason: SemanticEvictionReason;
}

export interface RecencyBounds {
  /** SEMANTIC_MAX_ENTRIES; 0 = unbounded. */
  maxPerNamespace: number;
  /** SEMANTIC_MAX_TOTAL_ENTRIES; 0 = unbounded. */
  maxTotal: number;
}

/** Members per ZREM when a namespace's entries leave the global set. */
const FORGET_CHUNK = 500;

const tagged = (entries: EntryAddress[], reason: SemanticEvictionReason): Eviction[] =>
  entries.map((entry) => ({ ...entry, reason }));

/**
 * The two LRU bounds of the semantic layer in Redis, on one clock: per namespace
 * (`embed_cache_lru:<ns>`) and across namespaces (`embed_cache_lru_all`). Each command touches one
 * of those keys only, so the bookkeeping runs unchanged on a Redis Cluster.
 */
export class RedisRecency {
  private readonly namespaces: RedisNamespaceLru;
  private readonly all: RedisGlobalLru;

  constructor(redis: RedisClient, bounds: RecencyBounds) {
    const clock = new RecencyClock();
    this.namespaces = new RedisNamespaceLru(redis, bounds.maxPerNamespace, clock);
    this.all = new RedisGlobalLru(redis, bounds.maxTotal, clock);
  }

  /** Marks the entry used now (a write counts as use); resolves how many entries its namespace holds. */
  async touchAndCount(namespace: string, id: string): Promise<number> {
    const [count] = await Promise.all([
      this.namespaces.touchAndCount(namespace, id),
      this.all.touch({ namespace, id }),
    ]);
    return count;
  }

  /** A hit counts as use, and never resurrects an entry evicted meanwhile. */
  async touch(namespace: string, id: string): Promise<void> {
    await Promise.all([this.namespaces.touch(namespace, id), this.all.touchExisting({ namespace, id })]);
  }

  async forget(namespace: string, ids: string[]): Promise<void> {
    await Promise.all([this.namespaces.forget(namespace, ids), this.all.forget(ids.map((id) => ({ namespace, id })))]);
  }

  async forgetAll(entries: EntryAddress[]): Promise<void> {
    await Promise.all([this.namespaces.forgetAll(entries), this.all.forget(entries)]);
  }

  /**
   * What a write to `namespace` (now holding `count` entries) pushed beyond the bounds: the
   * namespace's least recent beyond SEMANTIC_MAX_ENTRIES, then up to `batch` of the least recent
   * anywhere beyond SEMANTIC_MAX_TOTAL_ENTRIES.
   */
  async overflow(namespace: string, count: number, batch: number): Promise<Eviction[]> {
    const local = (await this.namespaces.overflow(namespace, count)).map((id) => ({ namespace, id }));
    // Out of the global set first, so that it does not count them again.
    await this.all.forget(local);
    return [...tagged(local, 'per_namespace'), ...(await this.overflowTotal(batch))];
  }

  /** Up to `batch` of the least recent entries beyond SEMANTIC_MAX_TOTAL_ENTRIES. */
  async overflowTotal(batch: number): Promise<Eviction[]> {
    return tagged(await this.all.overflow(batch), 'global');
  }

  async clear(namespace?: string): Promise<void> {
    if (namespace === undefined) {
      await Promise.all([this.namespaces.clear(), this.all.clear()]);
      return;
    }
    const ids = await this.namespaces.members(namespace);
    for (let start = 0; start < ids.length; start += FORGET_CHUNK) {
      await this.all.forget(
        ids.slice(start, start + FORGET_CHUNK).map((id) => ({ namespace, id })),
        true,
      );
    }
    await this.namespaces.clear(namespace);
  }
}
