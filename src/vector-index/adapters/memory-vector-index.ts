import { bucketSettings } from '../ann/bucket-settings';
import { InMemoryVectors } from '../in-memory-vectors';
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

export interface MemoryVectorIndexOptions {
  /** Overall bound (CACHE_MAX_ENTRIES). */
  maxEntries: number;
  /** Lifetime of an entry; 0 = never expires. */
  ttlSeconds: number;
  /** SEMANTIC_MAX_ENTRIES; 0 = only the overall bound. */
  maxPerNamespace?: number;
  /** SEMANTIC_MAX_TOTAL_ENTRIES: the overall bound when below maxEntries; 0 = maxEntries alone (default). */
  maxTotalEntries?: number;
  /** Told of each eviction, by reason. */
  onEvict?: EvictionListener;
  bucket?: BucketSettings;
  /** Clock in epoch milliseconds (tests move it). */
  now?: () => number;
}

/** In-process index: bounded LRU, lost on restart, not shared between replicas. */
export class MemoryVectorIndex extends VectorIndex {
  readonly kind = 'memory';
  private readonly vectors: InMemoryVectors<SemanticEntry>;
  private readonly now: () => number;

  constructor(private readonly options: MemoryVectorIndexOptions) {
    super();
    this.now = options.now ?? Date.now;
    const maxTotal = options.maxTotalEntries ?? 0;
    this.vectors = new InMemoryVectors<SemanticEntry>({
      maxEntries: maxTotal > 0 ? Math.min(options.maxEntries, maxTotal) : options.maxEntries,
      maxPerNamespace: options.maxPerNamespace,
      onEvict: options.onEvict,
      bucket: options.bucket ?? bucketSettings(),
      now: this.now,
    });
  }

  async load(): Promise<number> {
    return 0;
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.options.ttlSeconds): Promise<void> {
    const expiresAt = ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : undefined;
    this.vectors.upsert({ ...entry, expiresAt }, entry.vector);
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    const match = this.vectors.nearest(query);
    if (!match) return undefined;
    const entry = match.ref;
    // The graph may hold float16/int8 vectors: decide and report on the stored float32 one.
    const similarity = cosineOfUnitVectors(query.vector, entry.vector);
    if (similarity < query.minSimilarity) return undefined;
    // Returned as it was before this hit, as the Redis adapter does.
    const before = { ...entry };
    if (query.record !== false) countHit(entry, similarity);
    return { entry: before, similarity };
  }

  async recordHit({ entry, similarity }: SemanticMatch): Promise<void> {
    const stored = this.vectors.peek(entry.namespace, entry.id);
    if (stored) countHit(stored, similarity);
  }

  async get(namespace: string, id: string): Promise<SemanticEntry | undefined> {
    const entry = this.vectors.peek(namespace, id);
    return entry && (entry.expiresAt === undefined || entry.expiresAt > this.now()) ? { ...entry } : undefined;
  }

  async calibrate(namespace: string, id: string, calibration: EntryCalibration): Promise<boolean> {
    const entry = this.vectors.peek(namespace, id);
    if (entry) entry.calibration = calibration;
    return entry !== undefined;
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    return this.vectors.delete(namespace, id);
  }

  async *entries(namespace?: string): AsyncIterable<SemanticEntry> {
    for (const entry of this.vectors.refs(namespace)) yield { ...entry };
  }

  async clear(namespace?: string): Promise<number> {
    return this.vectors.clear(namespace);
  }

  async size(): Promise<number> {
    return this.vectors.size();
  }

  /** Nothing to persist: the embedded store starts empty by design. */
  async persistSnapshot(): Promise<undefined> {
    return undefined;
  }

  async sweepExpired(): Promise<number> {
    return (await this.vectors.sweepExpiredInSlices()).length;
  }
}

function countHit(entry: SemanticEntry, similarity: number): void {
  const { count = 0, minSimilarity = similarity } = entry.hits ?? {};
  entry.hits = { count: count + 1, minSimilarity: Math.min(minSimilarity, similarity), lastSimilarity: similarity };
}
