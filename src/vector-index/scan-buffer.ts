import { SparsePostings } from './sparse-postings';
import { cosineOfUnitVectors, cosineWithSparse, SparseVector } from './vector-math';

/** A vector searched by exact scan. */
export interface Scanned {
  vector: Float32Array;
  /** Lexical vectors are sparse: a scan then costs per non-zero, not per dimension. */
  sparse?: SparseVector;
}

/**
 * Scan cost of one non-zero of a sparse vector, in dense dimensions: a sparse cosine gathers its
 * operands where a dense one reads them in sequence, so one non-zero costs several dimensions. A
 * bucket of lexical vectors (a few dozen non-zeros of 1024) then stays exact until a plain scan
 * would cost as much as an HNSW query; building the graph any earlier only adds inserts. Sparse
 * vectors are in fact searched through postings (SparsePostings), cheaper still than the scan and
 * than the graph. The limit stays at the scan's crossing for now: postings cost memory per entry,
 * and a higher limit wants its own memory measurement.
 */
const SPARSE_COST_PER_NONZERO = 4;
const scanCostOf = ({ vector, sparse }: Scanned) =>
  sparse ? SPARSE_COST_PER_NONZERO * sparse.index.length : vector.length;

/**
 * The entries of a bucket searched by exact scan (every entry while the bucket is small, else
 * those not yet in its graph), oldest first: sparse vectors through postings, dense ones by a scan.
 */
export class ScanBuffer<E> {
  private readonly entries = new Map<E, Scanned>();
  private readonly sparse = new SparsePostings<E>();
  private readonly dense = new Map<E, Float32Array>();
  /** What one exact scan costs, in dense dimensions read (scanCostOf summed over the entries). */
  private scanCost = 0;

  get size(): number {
    return this.entries.size;
  }

  get cost(): number {
    return this.scanCost;
  }

  has(entry: E): boolean {
    return this.entries.has(entry);
  }

  add(entry: E, scanned: Scanned): void {
    this.delete(entry);
    this.entries.set(entry, scanned);
    if (scanned.sparse) this.sparse.add(entry, scanned.sparse);
    else this.dense.set(entry, scanned.vector);
    this.scanCost += scanCostOf(scanned);
  }

  delete(entry: E): boolean {
    const scanned = this.entries.get(entry);
    if (!scanned) return false;
    this.entries.delete(entry);
    this.sparse.remove(entry);
    this.dense.delete(entry);
    this.scanCost -= scanCostOf(scanned);
    return true;
  }

  /** Every entry with its vector, oldest first. */
  [Symbol.iterator](): IterableIterator<[E, Scanned]> {
    return this.entries.entries();
  }

  /** The oldest entry, or undefined when the buffer is empty. */
  first(): [E, Scanned] | undefined {
    return this.entries.entries().next().value;
  }

  /** The `count` oldest entries (fewer when the buffer holds fewer). */
  oldest(count: number): [E, Scanned][] {
    const taken: [E, Scanned][] = [];
    for (const entry of this.entries) {
      if (taken.length >= count) break;
      taken.push(entry);
    }
    return taken;
  }

  /**
   * Hands every entry that can reach `minSimilarity` to `consider` with its exact cosine to the
   * unit `vector` (entries below it may be handed too).
   */
  scan(vector: Float32Array, minSimilarity: number, consider: (entry: E, similarity: number) => void): void {
    for (const [entry, stored] of this.dense) consider(entry, cosineOfUnitVectors(vector, stored));
    // An entry sharing no non-zero with the query scores 0: the postings skip it, unless 0 can match.
    if (minSimilarity > 0) this.sparse.forEachOverlapping(vector, minSimilarity, consider);
    else for (const [entry, sparse] of this.sparse.entries()) consider(entry, cosineWithSparse(vector, sparse));
  }
}
