import { LRUCache } from 'lru-cache';
import { CacheStore } from '../cache-store.port';

/** In-process store: bounded LRU with per-entry TTL. Lost on restart, not shared between replicas. */
export class MemoryCacheStore extends CacheStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, string>;

  /** @param maxEntries least recently used entries are evicted beyond this count. */
  constructor(maxEntries: number) {
    super();
    // ttlResolution 0: read the clock on every check; the default caches it for 1 ms,
    // which lets an entry outlive its ttl by that much.
    this.entries = new LRUCache<string, string>({ max: maxEntries, ttlResolution: 0 });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    // lru-cache reads ttl 0 as "no expiry", the same meaning as ours.
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const doomed = [...this.entries.keys()].filter((key) => key.startsWith(prefix));
    for (const key of doomed) this.entries.delete(key);
    return doomed.length;
  }

  async countByPrefix(prefix: string): Promise<number> {
    let count = 0;
    // keys() skips expired entries only lazily, so check each with has().
    for (const key of this.entries.keys()) if (key.startsWith(prefix) && this.entries.has(key)) count++;
    return count;
  }
}
