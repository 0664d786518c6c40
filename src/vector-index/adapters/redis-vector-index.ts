import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { RedisClient } from '../../redis/redis-client';
import { bucketSettings } from '../ann/bucket-settings';
import { embedKey } from '../embed-entry-codec';
import { IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { BucketSettings } from '../bucket-settings.interface';
import { cosineOfUnitVectors } from '../vector-math';
import {
  EntryCalibration,
  EvictionListener,
  NearestQuery,
  SemanticEntry,
  SemanticMatch,
  VectorIndex,
} from '../vector-index.port';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { RedisChangeFeed } from '../redis/redis-change-feed';
import { RedisEntryStore } from '../redis/redis-entry-store';
import { RedisMirrorSync } from '../redis/redis-mirror-sync';
import { Eviction, RedisRecency } from '../redis/redis-recency';
import { writeAndAnnounce } from '../redis/write-and-announce';

/** A hit whose Redis key vanished (TTL, another replica's clear, redis-cli DEL) is dropped and the search retried this often. */
const STALE_RETRIES = 3;
/**
 * Entries beyond SEMANTIC_MAX_TOTAL_ENTRIES one write evicts: one in a steady state; after the bound
 * was lowered, the rest leave over the next writes and sweeps rather than inside one write.
 */
const WRITE_EVICTION_BATCH = 32;
/** The same for each round of the periodic sweep, which repeats until nothing is beyond the bound. */
const SWEEP_EVICTION_BATCH = 256;

export interface RedisVectorIndexOptions {
  /** Default lifetime of an entry (CACHE_TTL); 0 = never expires. */
  ttlSeconds: number;
  /** Bound of the in-process mirror. */
  maxEntries?: number;
  /** SEMANTIC_MAX_ENTRIES: least recently used entries of a namespace beyond it are evicted; 0 = unbounded. */
  maxPerNamespace?: number;
  /**
   * SEMANTIC_MAX_TOTAL_ENTRIES: least recently used entries of any namespace beyond it are evicted,
   * on write and at each sweep; 0 = unbounded (default).
   */
  maxTotalEntries?: number;
  /** Told of each eviction this instance made (the mirrors of other replicas follow without telling). */
  onEvict?: EvictionListener;
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
  private readonly hashes: RedisEntryStore;
  private readonly feed: RedisChangeFeed;
  private readonly sync: RedisMirrorSync;
  private readonly recency: RedisRecency;
  private readonly ttlSeconds: number;
  private readonly onEvict: EvictionListener;

  constructor(redis: RedisClient, options: RedisVectorIndexOptions) {
    super();
    this.ttlSeconds = options.ttlSeconds;
    this.onEvict = options.onEvict ?? (() => undefined);
    // Redis applies both bounds and announces evictions: a mirror evicting by its own recency (it
    // sees only its own hits) would drop entries Redis keeps, which this replica then never serves.
    this.mirror = new InMemoryVectors<IndexedRef>({
      maxEntries: options.maxEntries ?? Number.MAX_SAFE_INTEGER,
      bucket: options.bucket ?? bucketSettings(),
    });
    this.hashes = new RedisEntryStore(redis);
    this.feed = new RedisChangeFeed(redis);
    this.sync = new RedisMirrorSync(this.mirror, this.hashes, this.feed, this.logger, options.snapshots);
    this.recency = new RedisRecency(redis, {
      maxPerNamespace: options.maxPerNamespace ?? 0,
      maxTotal: options.maxTotalEntries ?? 0,
    });
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
    const { hashes: entries, recency, feed } = this;
    const quantization = this.mirror.bucketSettings.quantization;
    const count = await writeAndAnnounce({ entries, recency, feed }, entry, ttlSeconds, quantization);
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert({ namespace, id, partition: entry.partition, expiresAt }, entry.vector);
    this.sync.markChanged();
    await this.evict(await this.recency.overflow(namespace, count, WRITE_EVICTION_BATCH));
  }

  /** Deletes evicted entries the way delete() does, so every replica's mirror drops them too. */
  private async evict(evictions: Eviction[]): Promise<void> {
    await Promise.all(evictions.map(({ namespace, id }) => this.delete(namespace, id)));
    for (const reason of ['per_namespace', 'global'] as const) {
      const count = evictions.filter((eviction) => eviction.reason === reason).length;
      if (count > 0) this.onEvict(reason, count);
    }
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    for (let attempt = 0; attempt <= STALE_RETRIES; attempt++) {
      const match = this.mirror.nearest(query);
      if (!match) return undefined;
      const { namespace, id, expiresAt } = match.ref;
      const key = embedKey(namespace, id);
      // One round trip both proves the entry still exists and fetches its answer.
      const entry = await this.hashes.read(key, expiresAt);
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
      this.recency.touch(namespace, id).catch(bookkeeping),
      this.hashes.recordHit(embedKey(namespace, id), similarity).catch(bookkeeping),
    ]);
  }

  get(namespace: string, id: string): Promise<SemanticEntry | undefined> {
    return this.hashes.read(embedKey(namespace, id), undefined);
  }

  /** The hash is the only copy: every replica reads it with the entry on its next match. */
  calibrate(namespace: string, id: string, calibration: EntryCalibration): Promise<boolean> {
    return this.hashes.calibrate(embedKey(namespace, id), calibration);
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    if (this.mirror.delete(namespace, id)) this.sync.markChanged();
    const [removed] = await Promise.all([this.hashes.remove(namespace, id), this.recency.forget(namespace, [id])]);
    await this.feed.publish({ op: 'delete', namespace, id });
    return removed;
  }

  /** Walks the mirror and reads each entry from Redis, which drops those Redis no longer holds. */
  async *entries(namespace?: string): AsyncIterable<SemanticEntry> {
    for (const { namespace: ns, id, expiresAt } of this.mirror.refs(namespace)) {
      const entry = await this.hashes.read(embedKey(ns, id), expiresAt);
      if (entry) yield entry;
    }
  }

  async clear(namespace?: string): Promise<number> {
    if (this.mirror.clear(namespace) > 0) this.sync.markChanged();
    const deleted = await this.hashes.removeAll(namespace);
    await this.recency.clear(namespace);
    await this.feed.publish({ op: 'clear', namespace });
    return deleted;
  }

  async size(): Promise<number> {
    return this.mirror.size();
  }

  /**
   * Drops expired entries from the mirror and their ids from the LRU sets (Redis expired the hashes
   * itself), then evicts whatever is still beyond SEMANTIC_MAX_TOTAL_ENTRIES (a lowered bound).
   */
  async sweepExpired(): Promise<number> {
    const expired = await this.mirror.sweepExpiredInSlices();
    if (expired.length > 0) {
      this.sync.markChanged();
      await this.recency.forgetAll(expired);
    }
    for (;;) {
      const evictions = await this.recency.overflowTotal(SWEEP_EVICTION_BATCH);
      await this.evict(evictions);
      if (evictions.length < SWEEP_EVICTION_BATCH) break;
    }
    return expired.length;
  }
}
