import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { RedisClient } from '../../redis/redis-client';
import { bucketSettings } from '../ann/bucket-settings';
import { embedKey } from '../embed-entry-codec';
import { IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { BucketSettings } from '../bucket-settings.interface';
import { cosineOfUnitVectors } from '../vector-math';
import { EntryCalibration, NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { RedisChangeFeed } from '../redis/redis-change-feed';
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

  constructor(redis: RedisClient, options: RedisVectorIndexOptions) {
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
    const { namespace, id } = entry;
    const count = await this.writeAndAnnounce(entry, ttlSeconds);
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert({ namespace, id, partition: entry.partition, expiresAt }, entry.vector);
    this.sync.markChanged();
    for (const evicted of await this.lru.overflow(namespace, count)) await this.delete(namespace, evicted);
  }

  /**
   * The entry and its recency, then its announcement once the hash exists; every command touches
   * one key, so this runs on a Redis Cluster too. When a step fails the entry is removed again: one
   * the other replicas never heard of would be served by this one only. Resolves the namespace's count.
   */
  private async writeAndAnnounce(entry: SemanticEntry, ttlSeconds: number): Promise<number> {
    const { namespace, id } = entry;
    try {
      const [written, counted] = await Promise.allSettled([
        this.entries.write(entry, ttlSeconds, this.mirror.bucketSettings.quantization),
        this.lru.touchAndCount(namespace, id),
      ]);
      if (written.status === 'rejected') throw written.reason;
      if (counted.status === 'rejected') throw counted.reason;
      await this.feed.publish({ op: 'upsert', namespace, id });
      return counted.value;
    } catch (error) {
      await Promise.all([this.entries.remove(namespace, id), this.lru.forget(namespace, [id])]).catch(() => undefined);
      throw error;
    }
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

  get(namespace: string, id: string): Promise<SemanticEntry | undefined> {
    return this.entries.read(embedKey(namespace, id), undefined);
  }

  /** The hash is the only copy: every replica reads it with the entry on its next match. */
  calibrate(namespace: string, id: string, calibration: EntryCalibration): Promise<boolean> {
    return this.entries.calibrate(embedKey(namespace, id), calibration);
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    if (this.mirror.delete(namespace, id)) this.sync.markChanged();
    const [removed] = await Promise.all([this.entries.remove(namespace, id), this.lru.forget(namespace, [id])]);
    await this.feed.publish({ op: 'delete', namespace, id });
    return removed;
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
      await this.lru.forgetAll(expired);
    }
    return expired.length;
  }
}
