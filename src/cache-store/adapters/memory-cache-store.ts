import { LRUCache } from 'lru-cache';
import { CacheStore } from '../cache-store.port';

/** In-process store: bounded LRU with per-entry TTL. Lost on restart, not shared between replicas. */
export class MemoryCacheStore extends CacheStore {
  readonly kind = 'memory';
  private readonly lru: LRUCache<string, string>;

  /** @param maxEntries least recently used entries are evicted beyond this count. */
  constructor(maxEntries: number) {
    super();
    // ttlResolution 0: read the clock on every check; the default caches it for 1 ms,
    // which lets an entry outlive its ttl by that much.
    this.lru = new LRUCache<string, string>({ max: maxEntries, ttlResolution: 0 });
  }

  async get(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // lru-cache reads ttl 0 as "no expiry", the same meaning as ours.
    this.lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const doomed = [...this.lru.keys()].filter((key) => key.startsWith(prefix));
    for (const key of doomed) this.lru.delete(key);
    return doomed.length;
  }

  async countByPrefix(prefix: string): Promise<number> {
    let count = 0;
    // keys() skips expired entries only lazily, so check each with has().
    for (const key of this.lru.keys()) if (key.startsWith(prefix) && this.lru.has(key)) count++;
    return count;
  }

  async *entries(prefix: string): AsyncIterable<{ key: string; value: string }> {
    for (const key of this.lru.keys()) {
      // peek: listing must neither revive an expired entry nor count as use.
      const value = key.startsWith(prefix) ? this.lru.peek(key) : undefined;
      if (value !== undefined) yield { key, value };
    }
  }
}
