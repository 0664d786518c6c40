import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import { embedKey, embedKeyPrefix, fromHashFields, toHashFields } from '../embed-entry-codec';
import { InMemoryVectors } from '../in-memory-vectors';
import { NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';
import { IndexChange, RedisChangeFeed } from './redis-change-feed';
import { RedisNamespaceLru } from './redis-namespace-lru';

/** A hit whose Redis key vanished (TTL, another replica's clear, redis-cli DEL) is dropped and the search retried this often. */
const STALE_RETRIES = 3;

/**
 * Redis hashes are the source of truth (`embed_cache:<ns>:<id>`, with TTL); an in-process
 * mirror answers queries. The mirror is filled from Redis at boot, then kept in step with other
 * replicas through a change stream (RedisChangeFeed); every hit is also checked against Redis,
 * so a deleted or expired entry is never served.
 */
export class RedisVectorIndex extends VectorIndex implements OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly logger = new Logger(RedisVectorIndex.name);
  private readonly mirror: InMemoryVectors;
  private readonly feed: RedisChangeFeed;
  private readonly lru: RedisNamespaceLru;

  /**
   * @param ttlSeconds default lifetime of an entry; 0 = never expires.
   * @param maxEntries bound of the in-process mirror.
   * @param maxPerNamespace SEMANTIC_MAX_ENTRIES: least recently used entries of a namespace beyond it are evicted; 0 = unbounded.
   */
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    maxEntries: number,
    maxPerNamespace = 0,
  ) {
    super();
    this.mirror = new InMemoryVectors(maxEntries);
    this.feed = new RedisChangeFeed(redis);
    this.lru = new RedisNamespaceLru(redis, maxPerNamespace);
  }

  /** Loads every entry, then follows other replicas' changes from the stream position taken before the scan. */
  async load(): Promise<number> {
    const position = await this.feed.position();
    let loaded = 0;
    for await (const keys of scanKeys(this.redis, embedKeyPrefix(), 500)) loaded += await this.readIntoMirror(keys);
    this.logger.log(`Semantic index loaded ${loaded} entries from Redis`);
    await this.feed.follow(position, (change) => this.apply(change));
    return loaded;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }

  /** Copies the entries under `keys` from Redis into the mirror; resolves how many were usable. */
  private async readIntoMirror(keys: string[]): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetallBuffer(key).pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    const now = Date.now();
    let read = 0;
    keys.forEach((key, i) => {
      const fields = replies[2 * i]?.[1] as Record<string, Buffer> | undefined;
      const ttlMs = replies[2 * i + 1]?.[1] as number | undefined;
      const entry = fields && fromHashFields(key, fields, ttlMs !== undefined && ttlMs > 0 ? now + ttlMs : undefined);
      if (entry) {
        this.mirror.upsert(entry);
        read++;
      }
    });
    return read;
  }

  /** Another replica's change, applied to this mirror. */
  private async apply(change: IndexChange): Promise<void> {
    if (change.op === 'upsert') await this.readIntoMirror([embedKey(change.namespace, change.id)]);
    else if (change.op === 'delete') this.mirror.delete(change.namespace, change.id);
    else this.mirror.clear(change.namespace);
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.ttlSeconds): Promise<void> {
    const key = embedKey(entry.namespace, entry.id);
    const write = this.redis.multi().unlink(key).hset(key, toHashFields(entry));
    if (ttlSeconds > 0) write.expire(key, ttlSeconds);
    this.feed.appendTo(write, { op: 'upsert', namespace: entry.namespace, id: entry.id });
    this.lru.appendTouch(write, entry.namespace, entry.id);
    this.lru.appendCount(write, entry.namespace);
    const replies = (await write.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert({ ...entry, expiresAt });
    const count = Number(replies.at(-1)?.[1] ?? 0);
    for (const evicted of await this.lru.overflow(entry.namespace, count)) await this.delete(entry.namespace, evicted);
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    for (let attempt = 0; attempt <= STALE_RETRIES; attempt++) {
      const match = this.mirror.nearest(query);
      if (!match) return undefined;
      if ((await this.redis.exists(embedKey(match.entry.namespace, match.entry.id))) === 1) {
        // Recency is bookkeeping: a failed touch must not turn a hit into a miss.
        this.lru.touch(match.entry.namespace, match.entry.id).catch((error: Error) => this.logger.warn(`LRU touch failed: ${error.message}`));
        return match;
      }
      this.mirror.delete(match.entry.namespace, match.entry.id);
    }
    return undefined;
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    this.mirror.delete(namespace, id);
    const change: IndexChange = { op: 'delete', namespace, id };
    const transaction = this.lru.appendForget(this.redis.multi().unlink(embedKey(namespace, id)), namespace, id);
    const [[error, removed] = []] = (await this.feed.appendTo(transaction, change).exec()) ?? [];
    if (error) throw error;
    return (removed as number) > 0;
  }

  async clear(namespace?: string): Promise<number> {
    this.mirror.clear(namespace);
    const deleted = await deleteKeysByPrefix(this.redis, embedKeyPrefix(namespace));
    await this.lru.clear(namespace);
    await this.feed.publish({ op: 'clear', namespace });
    return deleted;
  }

  async size(): Promise<number> {
    return this.mirror.size();
  }
}
