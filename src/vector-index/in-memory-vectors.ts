import { LRUCache } from 'lru-cache';
import { BucketSettings } from './bucket-settings.interface';
import { PartitionBucket } from './partition-bucket';
import { EvictionListener, NearestQuery } from './vector-index.port';

/** What the index keeps per entry besides the vector; adapters add their own fields. */
export interface IndexedRef {
  namespace: string;
  id: string;
  partition: string;
  /** Epoch milliseconds; undefined = never expires. */
  expiresAt?: number;
}

export interface IndexedMatch<T> {
  ref: T;
  similarity: number;
}

export interface InMemoryVectorsOptions {
  /** Least recently written or hit entries beyond this count are evicted. */
  maxEntries: number;
  /** SEMANTIC_MAX_ENTRIES: the same, per namespace; 0 = only the overall bound. */
  maxPerNamespace?: number;
  bucket: BucketSettings;
  /** Clock in epoch milliseconds (tests move it). */
  now?: () => number;
  /** Told of each entry evicted by a bound: `global` (maxEntries) or `per_namespace`. */
  onEvict?: EvictionListener;
}

/** Event-loop time one slice of the periodic sweep may take before other work runs. */
const SWEEP_SLICE_MS = 5;
/** Entries between two looks at the clock during a sweep. */
const SWEEP_CHECK_EVERY = 32;

/** The key of an entry within the index (and within its bucket). */
export const entryKey = (namespace: string, id: string) => `${namespace}\u0000${id}`;
const bucketOf = (namespace: string, partition: string) => `${namespace}\u0000${partition}`;

/**
 * Vectors grouped by (namespace, partition), one PartitionBucket each (exact scan while small,
 * HNSW beyond), bounded by LRUs on last write or hit. Backs the memory adapter and, for Redis,
 * the in-process mirror of what Redis holds.
 */
export class InMemoryVectors<T extends IndexedRef> {
  /** Recency order and the overall bound; the buckets hold the same entries for searching. */
  private readonly entries: LRUCache<string, T>;
  /** Recency per namespace, when SEMANTIC_MAX_ENTRIES bounds each namespace. */
  private readonly namespaces = new Map<string, LRUCache<string, T>>();
  private readonly buckets = new Map<string, PartitionBucket<T>>();
  private readonly now: () => number;
  private evictingFrom?: string;

  constructor(private readonly options: InMemoryVectorsOptions) {
    this.now = options.now ?? Date.now;
    // maxSize instead of max: lru-cache preallocates `max` slots, maxSize grows with use.
    this.entries = new LRUCache<string, T>({
      maxSize: options.maxEntries,
      sizeCalculation: () => 1,
      dispose: (ref, key, reason) => {
        this.unlink(ref, key);
        if (reason === 'evict') this.options.onEvict?.('global', 1);
      },
    });
  }

  /** Returns at once: the graph insert follows in the background, and the entry is scanned exactly until then. */
  upsert(ref: T, vector: Float32Array): void {
    this.put(ref, vector, true);
  }

  /**
   * Bulk load (boot, snapshot catch-up): each bucket's new vectors go into its graph as one batch,
   * now, using every core; this blocks the event loop for the batch, where `upsert` does not.
   */
  upsertMany(items: Iterable<{ ref: T; vector: Float32Array }>): void {
    const touched = new Set<PartitionBucket<T>>();
    for (const { ref, vector } of items) touched.add(this.put(ref, vector, false));
    for (const bucket of touched) bucket.flush();
  }

  private put(ref: T, vector: Float32Array, insertLater: boolean): PartitionBucket<T> {
    const key = entryKey(ref.namespace, ref.id);
    const previous = this.entries.peek(key);
    // A new partition for the same id (another context) must leave the old bucket.
    if (previous && previous.partition !== ref.partition) this.entries.delete(key);
    const bucketKey = bucketOf(ref.namespace, ref.partition);
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) this.buckets.set(bucketKey, (bucket = new PartitionBucket<T>(this.options.bucket)));
    // One copy of the namespace and partition strings per bucket, not per entry: at millions of entries the copies add up.
    const canonical = bucket.anyRef();
    if (canonical) Object.assign(ref, { namespace: canonical.namespace, partition: canonical.partition });
    bucket.upsert(key, ref, vector, insertLater);
    this.entries.set(key, ref);
    this.namespaceLru(ref.namespace)?.set(key, ref);
    return bucket;
  }

  nearest({ namespace, partition, vector, minSimilarity }: NearestQuery): IndexedMatch<T> | undefined {
    const bucket = this.buckets.get(bucketOf(namespace, partition));
    if (!bucket) return undefined;
    const now = this.now();
    const dead: T[] = [];
    const match = bucket.nearest(
      vector,
      minSimilarity,
      (ref) => !isExpired(ref, now),
      (ref) => dead.push(ref),
    );
    for (const ref of dead) this.delete(ref.namespace, ref.id);
    if (match) {
      // A hit counts as use for the LRUs.
      const key = entryKey(namespace, match.ref.id);
      this.entries.get(key);
      this.namespaces.get(namespace)?.get(key);
    }
    return match;
  }

  /** The entry stored under this id, without counting it as use. */
  peek(namespace: string, id: string): T | undefined {
    return this.entries.peek(entryKey(namespace, id));
  }

  delete(namespace: string, id: string): boolean {
    return this.entries.delete(entryKey(namespace, id));
  }

  /** Removes one namespace's entries, or all when undefined; returns how many. */
  clear(namespace?: string): number {
    const doomed = [...this.entries.values()].filter((ref) => namespace === undefined || ref.namespace === namespace);
    for (const ref of doomed) this.delete(ref.namespace, ref.id);
    return doomed.length;
  }

  /**
   * Entries held, in O(1): expired ones count until a query meets them or the periodic sweep drops
   * them. Metrics read this on every scrape, so it must not sweep: a walk over a large index
   * blocks the event loop (`npm run bench:housekeeping`).
   */
  size(): number {
    return this.entries.size;
  }

  /** Drops every expired entry at once (a snapshot just loaded, tests); returns them. */
  sweepExpired(): T[] {
    const steps = this.sweeping(Infinity);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Drops every expired entry (run periodically, so memory follows TTLs without a query), giving
   * the event loop back after each `sliceMs` of work; returns them. One pass over a large index
   * would block it for long (`npm run bench:housekeeping`).
   */
  async sweepExpiredInSlices(sliceMs = SWEEP_SLICE_MS): Promise<T[]> {
    const steps = this.sweeping(sliceMs);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The sweep, pausing (yield) whenever a slice is used up. Walks the buckets' Maps, not the LRU
   * (lru-cache's iterator is several times slower; `npm run bench:housekeeping`). Each ref is checked and dropped
   * in one step of a live iteration, so a write during a pause is never dropped for its
   * predecessor: the Map hands out the entry as it is when reached.
   */
  private *sweeping(sliceMs: number): Generator<void, T[]> {
    const swept: T[] = [];
    let sliceStarted = performance.now();
    let now = this.now();
    let checked = 0;
    for (const bucket of [...this.buckets.values()]) {
      for (const ref of bucket.refs()) {
        if (isExpired(ref, now)) {
          this.delete(ref.namespace, ref.id);
          swept.push(ref);
        }
        if (++checked % SWEEP_CHECK_EVERY === 0 && performance.now() - sliceStarted >= sliceMs) {
          yield;
          sliceStarted = performance.now();
          now = this.now();
        }
      }
    }
    return swept;
  }

  /** The live entries of one namespace, or all; lazily, without touching recency. */
  *refs(namespace?: string): Generator<T> {
    const now = this.now();
    for (const ref of this.entries.values())
      if ((namespace === undefined || ref.namespace === namespace) && !isExpired(ref, now)) yield ref;
  }

  /** Visits each (namespace, partition) bucket: snapshots walk these. */
  forEachBucket(visit: (bucket: PartitionBucket<T>) => void): void {
    for (const bucket of this.buckets.values()) visit(bucket);
  }

  /** Takes in a bucket restored from a snapshot (replacing any of the same partition), with its entries. */
  adoptBucket(namespace: string, partition: string, bucket: PartitionBucket<T>, refs: readonly T[]): void {
    for (const ref of refs) this.delete(ref.namespace, ref.id);
    this.buckets.set(bucketOf(namespace, partition), bucket);
    for (const ref of refs) {
      const key = entryKey(ref.namespace, ref.id);
      this.entries.set(key, ref);
      this.namespaceLru(namespace)?.set(key, ref);
    }
  }

  /** The settings new and restored buckets are made with. */
  get bucketSettings(): BucketSettings {
    return this.options.bucket;
  }

  private namespaceLru(namespace: string): LRUCache<string, T> | undefined {
    const max = this.options.maxPerNamespace ?? 0;
    if (max <= 0) return undefined;
    let lru = this.namespaces.get(namespace);
    if (!lru) {
      lru = new LRUCache<string, T>({
        maxSize: max,
        sizeCalculation: () => 1,
        // Evicted here = evicted everywhere; the overall LRU's dispose then unlinks it from the bucket.
        dispose: (ref, key, reason) => {
          if (reason !== 'evict' || this.entries.peek(key) !== ref) return;
          this.options.onEvict?.('per_namespace', 1);
          this.evictingFrom = namespace;
          this.entries.delete(key);
          this.evictingFrom = undefined;
        },
      });
      this.namespaces.set(namespace, lru);
    }
    return lru;
  }

  private unlink(ref: T, key: string): void {
    const lru = this.namespaces.get(ref.namespace);
    // Not while that namespace's LRU is itself evicting `key`: it removes it on its own.
    if (this.evictingFrom !== ref.namespace && lru?.peek(key) === ref) {
      lru.delete(key);
      if (lru.size === 0) this.namespaces.delete(ref.namespace);
    }
    const bucketKey = bucketOf(ref.namespace, ref.partition);
    const bucket = this.buckets.get(bucketKey);
    if (!bucket) return;
    // An upsert that replaced this entry has already put its successor under the same key.
    if (bucket.refOf(key) === ref) bucket.remove(key);
    if (bucket.size === 0) this.buckets.delete(bucketKey);
  }
}

const isExpired = (ref: IndexedRef, now: number) => ref.expiresAt !== undefined && ref.expiresAt <= now;
