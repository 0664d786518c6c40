import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { bucketSettings } from '../ann/bucket-settings';
import { embedKey } from '../embed-entry-codec';
import { IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { BucketSettings } from '../bucket-settings.interface';
import { cosineOfUnitVectors } from '../vector-math';
import { NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { IndexChange, RedisChangeFeed } from '../redis/redis-change-feed';
import { RedisEntryStore } from '../redis/redis-entry-store';
import { RedisMirrorSync } from '../redis/redis-mirror-sync';
import { RedisNamespaceLru } from '../redis/redis-namespace-lru';

/** A hit whose Redis key vanished (TTL, another replica's clear, redis-cli DEL) is dropped and the search retried this often. */
const STALE_RETRIES = 3;

export interface RedisVectorIndexOptions {
  /** Default lifetime of an entry (CACHE_TTL); 0 = never expires. */
  ttlSeconds: number;
  /** Bound of the in-process mirror. */
  maxEntries?: number;
  /** SEMANTIC_MAX_ENTRIES: least recently used entries of a namespace beyond it are evicted; 0 = unbounded. */
  maxPerNamespace?: number;
  /** Graph vectors (from bucket) and, here, the vectors stored in Redis: int8 takes a quarter of float32. */
  bucket?: BucketSettings;
  /** SEMANTIC_SNAPSHOT_DIR: restarts load a snapshot and catch up instead of rebuilding. */
  snapshots?: IndexSnapshots;
}

/**
 * Redis hashes are the source of truth (`embed_cache:<ns>:<id>`, with TTL; RedisEntryStore); an
 * in-process mirror of vectors answers queries (exact scan or HNSW per partition) and the hit's
 * hash is read from Redis, which also proves it still exists. The mirror is filled from Redis at
 * boot, then kept in step with other replicas through a change stream (RedisMirrorSync).
 */
export class RedisVectorIndex extends VectorIndex implements OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly logger = new Logger(RedisVectorIndex.name);
  private readonly mirror: InMemoryVectors<IndexedRef>;
  private readonly entries: RedisEntryStore;
  private readonly feed: RedisChangeFeed;
  private readonly sync: RedisMirrorSync;
  private readonly lru: RedisNamespaceLru;
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: Redis,
    options: RedisVectorIndexOptions,
  ) {
    super();
    this.ttlSeconds = options.ttlSeconds;
    // Redis applies SEMANTIC_MAX_ENTRIES and announces evictions; the mirror only has the overall bound.
    this.mirror = new InMemoryVectors<IndexedRef>({
      maxEntries: options.maxEntries ?? Number.MAX_SAFE_INTEGER,
      bucket: options.bucket ?? bucketSettings(),
    });
    this.entries = new RedisEntryStore(redis);
    this.feed = new RedisChangeFeed(redis);
    this.sync = new RedisMirrorSync(this.mirror, this.entries, this.feed, this.logger, options.snapshots);
    this.lru = new RedisNamespaceLru(redis, options.maxPerNamespace ?? 0);
  }

  load(): Promise<number> {
    return this.sync.load();
  }

  persistSnapshot(): Promise<number | undefined> {
    return this.sync.persistSnapshot();
  }

  /** A last snapshot (so the next start needs no rebuild), then the change feed stops. */
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.persistSnapshot();
    } catch (error) {
      this.logger.warn(`Writing the semantic index snapshot at shutdown failed: ${(error as Error).message}`);
    }
    await this.feed.stop();
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.ttlSeconds): Promise<void> {
    const write = this.entries.write(entry, ttlSeconds, this.mirror.bucketSettings.quantization);
    this.feed.appendTo(write, { op: 'upsert', namespace: entry.namespace, id: entry.id });
    this.lru.appendTouch(write, entry.namespace, entry.id);
    this.lru.appendCount(write, entry.namespace);
    const replies = (await write.exec()) ?? [];
    const failed = replies.find(([error]) => error)?.[0];
    if (failed) throw failed;
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert(
      { namespace: entry.namespace, id: entry.id, partition: entry.partition, expiresAt },
      entry.vector,
    );
    this.sync.markChanged();
    const count = Number(replies.at(-1)?.[1] ?? 0);
    for (const evicted of await this.lru.overflow(entry.namespace, count)) await this.delete(entry.namespace, evicted);
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    for (let attempt = 0; attempt <= STALE_RETRIES; attempt++) {
      const match = this.mirror.nearest(query);
      if (!match) return undefined;
      const { namespace, id, expiresAt } = match.ref;
      const key = embedKey(namespace, id);
      // One round trip both proves the entry still exists and fetches its answer.
      const entry = await this.entries.read(key, expiresAt);
      if (entry) {
        // The graph may hold float16/int8 vectors: decide and report on the stored one.
        const similarity = cosineOfUnitVectors(query.vector, entry.vector);
        if (similarity < query.minSimilarity) return undefined;
        if (query.record !== false) void this.recordHit({ entry, similarity });
        return { entry, similarity };
      }
      this.mirror.delete(namespace, id);
    }
    return undefined;
  }

  async recordHit({ entry: { namespace, id }, similarity }: SemanticMatch): Promise<void> {
    // Recency and the hit audit are bookkeeping: failing them must not turn a hit into a miss.
    const bookkeeping = (error: Error) => this.logger.warn(`Recording a semantic hit failed: ${error.message}`);
    await Promise.all([
      this.lru.touch(namespace, id).catch(bookkeeping),
      this.entries.recordHit(embedKey(namespace, id), similarity).catch(bookkeeping),
    ]);
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    if (this.mirror.delete(namespace, id)) this.sync.markChanged();
    const change: IndexChange = { op: 'delete', namespace, id };
    const transaction = this.lru.appendForget(this.entries.remove(namespace, id), namespace, id);
    const [[error, removed] = []] = (await this.feed.appendTo(transaction, change).exec()) ?? [];
    if (error) throw error;
    return (removed as number) > 0;
  }

  async clear(namespace?: string): Promise<number> {
    if (this.mirror.clear(namespace) > 0) this.sync.markChanged();
    const deleted = await this.entries.removeAll(namespace);
    await this.lru.clear(namespace);
    await this.feed.publish({ op: 'clear', namespace });
    return deleted;
  }

  async size(): Promise<number> {
    return this.mirror.size();
  }

  /** Drops expired entries from the mirror and their ids from the LRU sets (Redis expired the hashes itself). */
  async sweepExpired(): Promise<number> {
    const expired = await this.mirror.sweepExpiredInSlices();
    if (expired.length > 0) {
      this.sync.markChanged();
      const cleanup = this.redis.pipeline();
      for (const ref of expired) this.lru.appendForget(cleanup, ref.namespace, ref.id);
      await cleanup.exec();
    }
    return expired.length;
  }
}
