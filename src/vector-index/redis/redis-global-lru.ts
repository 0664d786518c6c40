import { RedisClient } from '../../redis/redis-client';
import { embedKey, parseEmbedKey } from '../embed-entry-codec';
import { RecencyClock } from './recency-clock';

/**
 * One sorted set of every semantic entry (member `embed_cache:<ns>:<id>`, score last use). Not
 * `embed_cache_lru:all`: `all` is a valid namespace, whose own set that would be.
 */
export const GLOBAL_LRU_KEY = 'embed_cache_lru_all';

/**
 * Pops the least recent members beyond the bound, at most ARGV[2] of them, in one step on one key:
 * replicas writing at once then never evict the same excess twice.
 */
const POP_OVERFLOW_SCRIPT = `
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])
if excess <= 0 then return {} end
return redis.call('ZPOPMIN', KEYS[1], math.min(excess, tonumber(ARGV[2])))`;

export interface EntryAddress {
  namespace: string;
  id: string;
}

/**
 * SEMANTIC_MAX_TOTAL_ENTRIES in Redis: the recency of every entry across namespaces, so the least
 * recently written or hit ones can be evicted once the semantic layer holds more than the bound.
 * Every command touches this one key, so a Redis Cluster serves it too. Unbounded (0), nothing is
 * kept: entries written meanwhile join the set when they are written again.
 */
export class RedisGlobalLru {
  /** @param maxTotal entries all namespaces may hold together; 0 = unbounded. */
  constructor(
    private readonly redis: RedisClient,
    private readonly maxTotal: number,
    private readonly clock: RecencyClock,
  ) {}

  get bounded(): boolean {
    return this.maxTotal > 0;
  }

  /** Marks the entry used now; a write counts as use. */
  async touch({ namespace, id }: EntryAddress): Promise<void> {
    if (this.bounded) await this.redis.zadd(GLOBAL_LRU_KEY, this.clock.now(), embedKey(namespace, id));
  }

  /** A hit counts as use; XX: never resurrects an entry that was evicted meanwhile. */
  async touchExisting({ namespace, id }: EntryAddress): Promise<void> {
    if (this.bounded) await this.redis.zadd(GLOBAL_LRU_KEY, 'XX', this.clock.now(), embedKey(namespace, id));
  }

  /** @param always also when unbounded: a set kept while a bound was set (a clear by the CLI, which sets none). */
  async forget(entries: EntryAddress[], always = false): Promise<void> {
    if ((!this.bounded && !always) || entries.length === 0) return;
    await this.redis.zrem(GLOBAL_LRU_KEY, ...entries.map(({ namespace, id }) => embedKey(namespace, id)));
  }

  /** Removes and returns up to `batch` entries beyond the bound, least recently used first. */
  async overflow(batch: number): Promise<EntryAddress[]> {
    if (!this.bounded) return [];
    const popped = (await this.redis.eval(POP_OVERFLOW_SCRIPT, 1, GLOBAL_LRU_KEY, this.maxTotal, batch)) as string[];
    return popped.flatMap((member, i) => (i % 2 === 0 ? (parseEmbedKey(member) ?? []) : [])); // [member, score...]
  }

  async clear(): Promise<void> {
    await this.redis.unlink(GLOBAL_LRU_KEY);
  }
}
