import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import { bucketSettings } from '../ann/bucket-settings';
import { embedKey, embedKeyPrefix, fromHashFields, fromIndexFields, INDEX_FIELDS, IndexedVector, parseEmbedKey, RECORD_HIT_SCRIPT, toHashFields } from '../embed-entry-codec';
import { IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { BucketSettings } from '../partition-bucket';
import { cosineOfUnitVectors } from '../vector-math';
import { NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { IndexChange, RedisChangeFeed } from '../redis/redis-change-feed';
import { RedisNamespaceLru } from '../redis/redis-namespace-lru';

/** A hit whose Redis key vanished (TTL, another replica's clear, redis-cli DEL) is dropped and the search retried this often. */
const STALE_RETRIES = 3;
/** Keys per SCAN batch while loading; also one graph batch insert per bucket. */
const LOAD_BATCH = 1000;
/** A progress line this often while loading. */
const LOG_EVERY = 20_000;

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
 * Redis hashes are the source of truth (`embed_cache:<ns>:<id>`, with TTL); an in-process
 * mirror of vectors answers queries (exact scan or HNSW per partition) and the hit's hash is read
 * from Redis, which also proves it still exists. The mirror is filled from Redis at boot, then
 * kept in step with other replicas through a change stream (RedisChangeFeed).
 */
export class RedisVectorIndex extends VectorIndex implements OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly logger = new Logger(RedisVectorIndex.name);
  private readonly mirror: InMemoryVectors<IndexedRef>;
  private readonly feed: RedisChangeFeed;
  private readonly lru: RedisNamespaceLru;
  private readonly ttlSeconds: number;
  private readonly snapshots?: IndexSnapshots;
  /** Whether the mirror changed since the snapshot this process wrote or restored last. */
  private changedSinceSnapshot = true;
  private snapshotting?: Promise<number | undefined>;

  constructor(
    private readonly redis: Redis,
    options: RedisVectorIndexOptions,
  ) {
    super();
    this.ttlSeconds = options.ttlSeconds;
    this.snapshots = options.snapshots;
    // Redis applies SEMANTIC_MAX_ENTRIES and announces evictions; the mirror only has the overall bound.
    this.mirror = new InMemoryVectors<IndexedRef>({ maxEntries: options.maxEntries ?? Number.MAX_SAFE_INTEGER, bucket: options.bucket ?? bucketSettings() });
    this.feed = new RedisChangeFeed(redis);
    this.lru = new RedisNamespaceLru(redis, options.maxPerNamespace ?? 0);
  }

  /**
   * Fills the mirror: from the snapshot plus the changes since (when there is a usable one), else
   * by scanning Redis; then follows other replicas' changes.
   */
  async load(): Promise<number> {
    const started = Date.now();
    const restored = await this.restoreSnapshot();
    if (restored !== undefined) {
      const position = await this.feed.catchUp(restored, (change) => this.apply(change));
      const loaded = await this.size();
      this.logger.log(`Semantic index restored from its snapshot and caught up: ${loaded} entries in ${Date.now() - started} ms`);
      await this.feed.follow(position, (change) => this.apply(change));
      return loaded;
    }
    return this.rebuild();
  }

  /** The snapshot's stream position once it is loaded, or undefined when the index must be rebuilt. */
  private async restoreSnapshot(): Promise<string | undefined> {
    const snapshot = this.snapshots?.restore(this.mirror);
    if (!snapshot) return undefined;
    if (await this.feed.holdsEverythingAfter(snapshot.position)) {
      this.changedSinceSnapshot = false;
      return snapshot.position;
    }
    this.logger.warn(`The change stream no longer holds every change since the snapshot (${snapshot.position}); rebuilding from Redis`);
    this.mirror.clear();
    return undefined;
  }

  /** Scans every `embed_cache:*` hash into the mirror, then follows from the stream position taken before the scan. */
  private async rebuild(): Promise<number> {
    const position = await this.feed.position();
    const started = Date.now();
    let loaded = 0;
    let nextLog = LOG_EVERY;
    for await (const keys of scanKeys(this.redis, embedKeyPrefix(), LOAD_BATCH)) {
      loaded += await this.readIntoMirror(keys);
      if (loaded >= nextLog) {
        this.logger.log(`Semantic index loading: ${loaded} entries so far (${Math.round((loaded * 1000) / (Date.now() - started + 1))}/s)`);
        nextLog += LOG_EVERY;
      }
      // Graph inserts are synchronous: let health probes and requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.logger.log(`Semantic index loaded ${loaded} entries from Redis in ${Date.now() - started} ms`);
    await this.feed.follow(position, (change) => this.apply(change));
    return loaded;
  }

  /**
   * Writes a snapshot as of the last change applied; resolves its entry count, or undefined when
   * snapshots are off or the index has not finished loading.
   */
  async persistSnapshot(): Promise<number | undefined> {
    // One write at a time (the timer and a shutdown can meet).
    this.snapshotting ??= this.writeSnapshot().finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  private async writeSnapshot(): Promise<number | undefined> {
    const position = this.feed.appliedUpTo;
    if (!this.snapshots || position === undefined) return undefined;
    // Writing blocks the event loop (usearch saves synchronously): not again for an unchanged index.
    if (!this.changedSinceSnapshot) return undefined;
    const started = Date.now();
    // Cleared first: a change during the asynchronous part of the write belongs to the next snapshot.
    this.changedSinceSnapshot = false;
    try {
      const { entries, blockedMs } = await this.snapshots.write(this.mirror, position);
      this.logger.log(`Semantic index snapshot: ${entries} entries as of ${position} in ${Date.now() - started} ms (event loop blocked ${blockedMs} ms)`);
      return entries;
    } catch (error) {
      this.changedSinceSnapshot = true;
      throw error;
    }
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

  /** Copies the vectors under `keys` from Redis into the mirror (a key that is gone leaves it); resolves how many were usable. */
  private async readIntoMirror(keys: string[]): Promise<number> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hmgetBuffer(key, ...INDEX_FIELDS).pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    const now = Date.now();
    const usable: IndexedVector[] = [];
    keys.forEach((key, i) => {
      const values = replies[2 * i]?.[1] as (Buffer | null)[] | undefined;
      const ttlMs = replies[2 * i + 1]?.[1] as number | undefined;
      const read = values && fromIndexFields(key, values, ttlMs !== undefined && ttlMs > 0 ? now + ttlMs : undefined);
      if (read) usable.push(read);
      else if (ttlMs === -2) this.forgetKey(key);
    });
    this.mirror.upsertMany(usable);
    return usable.length;
  }

  private forgetKey(key: string): void {
    const parsed = parseEmbedKey(key);
    if (parsed) this.mirror.delete(parsed.namespace, parsed.id);
  }

  /** Another replica's change, applied to this mirror. */
  private async apply(change: IndexChange): Promise<void> {
    this.changedSinceSnapshot = true;
    if (change.op === 'upsert') await this.readIntoMirror([embedKey(change.namespace, change.id)]);
    else if (change.op === 'delete') this.mirror.delete(change.namespace, change.id);
    else this.mirror.clear(change.namespace);
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.ttlSeconds): Promise<void> {
    const key = embedKey(entry.namespace, entry.id);
    const write = this.redis.multi().unlink(key).hset(key, toHashFields(entry, this.mirror.bucketSettings.quantization));
    if (ttlSeconds > 0) write.expire(key, ttlSeconds);
    this.feed.appendTo(write, { op: 'upsert', namespace: entry.namespace, id: entry.id });
    this.lru.appendTouch(write, entry.namespace, entry.id);
    this.lru.appendCount(write, entry.namespace);
    const replies = (await write.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert({ namespace: entry.namespace, id: entry.id, partition: entry.partition, expiresAt }, entry.vector);
    this.changedSinceSnapshot = true;
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
      const entry = fromHashFields(key, await this.redis.hgetallBuffer(key), expiresAt);
      if (entry) {
        // The graph may hold float16/int8 vectors: decide and report on the stored one.
        const similarity = cosineOfUnitVectors(query.vector, entry.vector);
        if (similarity < query.minSimilarity) return undefined;
        // Recency and the hit audit are bookkeeping: failing them must not turn a hit into a miss.
        const bookkeeping = (error: Error) => this.logger.warn(`Recording a semantic hit failed: ${error.message}`);
        this.lru.touch(namespace, id).catch(bookkeeping);
        this.redis.eval(RECORD_HIT_SCRIPT, 1, key, similarity.toFixed(6)).catch(bookkeeping);
        return { entry, similarity };
      }
      this.mirror.delete(namespace, id);
    }
    return undefined;
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    if (this.mirror.delete(namespace, id)) this.changedSinceSnapshot = true;
    const change: IndexChange = { op: 'delete', namespace, id };
    const transaction = this.lru.appendForget(this.redis.multi().unlink(embedKey(namespace, id)), namespace, id);
    const [[error, removed] = []] = (await this.feed.appendTo(transaction, change).exec()) ?? [];
    if (error) throw error;
    return (removed as number) > 0;
  }

  async clear(namespace?: string): Promise<number> {
    if (this.mirror.clear(namespace) > 0) this.changedSinceSnapshot = true;
    const deleted = await deleteKeysByPrefix(this.redis, embedKeyPrefix(namespace));
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
      this.changedSinceSnapshot = true;
      const cleanup = this.redis.pipeline();
      for (const ref of expired) this.lru.appendForget(cleanup, ref.namespace, ref.id);
      await cleanup.exec();
    }
    return expired.length;
  }
}
