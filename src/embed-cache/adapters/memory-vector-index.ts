import { InMemoryVectors } from '../in-memory-vectors';
import { NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';

/** In-process index: bounded LRU, lost on restart, not shared between replicas. */
export class MemoryVectorIndex extends VectorIndex {
  readonly kind = 'memory';
  private readonly vectors: InMemoryVectors;

  /**
   * @param ttlSeconds lifetime of an entry; 0 = never expires.
   * @param now clock in epoch milliseconds (tests move it).
   */
  constructor(
    maxEntries: number,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.vectors = new InMemoryVectors(maxEntries, now);
  }

  async load(): Promise<number> {
    return 0;
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.ttlSeconds): Promise<void> {
    const expiresAt = ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : undefined;
    this.vectors.upsert({ ...entry, expiresAt });
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    return this.vectors.nearest(query);
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    return this.vectors.delete(namespace, id);
  }

  async clear(namespace?: string): Promise<number> {
    return this.vectors.clear(namespace);
  }

  async size(): Promise<number> {
    return this.vectors.size();
  }
}
