import { LRUCache } from 'lru-cache';
import { cosineOfUnitVectors, cosineWithSparse, SparseVector, toSparse } from './vector-math';
import { NearestQuery, SemanticEntry, SemanticMatch } from './vector-index.port';

/** An entry with, for sparse (lexical) vectors, a sparse copy: a scan then costs per non-zero, not per dimension. */
interface Stored {
  entry: SemanticEntry;
  sparse?: SparseVector;
}

const fullId = (namespace: string, id: string) => `${namespace}\u0000${id}`;
const bucketOf = (namespace: string, partition: string) => `${namespace}\u0000${partition}`;

/**
 * Entries grouped by (namespace, partition) with an exact cosine scan of one group per query,
 * bounded by an LRU on last write or hit. Shared by the memory and Redis adapters (for Redis it
 * is the in-process mirror of what Redis holds). The next step replaces the scan with HNSW.
 */
export class InMemoryVectors {
  /** Recency order and the eviction bound; the buckets hold the same entries for scanning. */
  private readonly entries: LRUCache<string, SemanticEntry>;
  private readonly buckets = new Map<string, Map<string, Stored>>();

  /** @param maxEntries least recently written or hit entries are evicted beyond this count. */
  constructor(maxEntries: number, private readonly now: () => number = Date.now) {
    // maxSize instead of max: lru-cache preallocates `max` slots, maxSize grows with use.
    this.entries = new LRUCache<string, SemanticEntry>({
      maxSize: maxEntries,
      sizeCalculation: () => 1,
      dispose: (entry, key) => this.unlinkFromBucket(entry, key),
    });
  }

  upsert(entry: SemanticEntry): void {
    const key = fullId(entry.namespace, entry.id);
    this.entries.set(key, entry);
    const bucket = bucketOf(entry.namespace, entry.partition);
    const members = this.buckets.get(bucket) ?? new Map<string, Stored>();
    members.set(key, { entry, sparse: toSparse(entry.vector) });
    this.buckets.set(bucket, members);
  }

  nearest({ namespace, partition, vector, minSimilarity }: NearestQuery): SemanticMatch | undefined {
    const members = this.buckets.get(bucketOf(namespace, partition));
    if (!members) return undefined;
    const now = this.now();
    let best: SemanticEntry | undefined;
    let bestSimilarity = -Infinity;
    let expired: string[] | undefined;
    for (const [key, { entry, sparse }] of members) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        (expired ??= []).push(key);
        continue;
      }
      const similarity = sparse ? cosineWithSparse(vector, sparse) : cosineOfUnitVectors(vector, entry.vector);
      if (similarity >= minSimilarity && similarity > bestSimilarity) {
        best = entry;
        bestSimilarity = similarity;
      }
    }
    for (const key of expired ?? []) this.entries.delete(key);
    if (!best) return undefined;
    this.entries.get(fullId(namespace, best.id)); // a hit counts as use for the LRU
    return { entry: best, similarity: bestSimilarity };
  }

  delete(namespace: string, id: string): boolean {
    return this.entries.delete(fullId(namespace, id));
  }

  /** Removes one namespace's entries, or all when undefined; returns how many. */
  clear(namespace?: string): number {
    const doomed = [...this.entries.values()].filter((e) => namespace === undefined || e.namespace === namespace);
    for (const entry of doomed) this.entries.delete(fullId(entry.namespace, entry.id));
    return doomed.length;
  }

  /** Live entries; expired ones are dropped on the way. */
  size(): number {
    const now = this.now();
    for (const [key, entry] of this.entries.entries()) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
    return this.entries.size;
  }

  private unlinkFromBucket(entry: SemanticEntry, key: string): void {
    const bucket = bucketOf(entry.namespace, entry.partition);
    const members = this.buckets.get(bucket);
    // An upsert that replaced this entry has already put its successor under the same key.
    if (members?.get(key)?.entry === entry) members.delete(key);
    if (members?.size === 0) this.buckets.delete(bucket);
  }
}
