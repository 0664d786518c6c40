import { SparseVector } from './vector-math';

interface Postings {
  /** Positions (in `items`) of the entries with a non-zero in this dimension. */
  at: number[];
  value: number[];
}

/**
 * An inverted index over sparse vectors (lexical ones: a few dozen non-zeros of 1024). A query visits only
 * the entries that share a non-zero dimension with it and gets their exact dot products: at 2,000
 * entries that is a few thousand postings instead of a scan of every entry's non-zeros. Entries
 * sharing no dimension score 0 and are not visited.
 */
export class SparsePostings<T> {
  private postings = new Map<number, Postings>();
  /** By position; undefined once removed (compacted away when they pile up). */
  private items: (T | undefined)[] = [];
  private vectors: (SparseVector | undefined)[] = [];
  private readonly positionOf = new Map<T, number>();
  private removed = 0;
  /** Per position: the dot product so far, and the query that last touched it. */
  private scores = new Float64Array(64);
  private touchedBy = new Uint32Array(64);
  private query = 0;

  get size(): number {
    return this.positionOf.size;
  }

  add(item: T, vector: SparseVector): void {
    this.remove(item);
    const at = this.items.length;
    this.items.push(item);
    this.vectors.push(vector);
    this.positionOf.set(item, at);
    this.post(at, vector);
  }

  remove(item: T): void {
    const at = this.positionOf.get(item);
    if (at === undefined) return;
    this.positionOf.delete(item);
    this.items[at] = undefined;
    this.vectors[at] = undefined;
    // Postings of removed entries are skipped, then dropped once they outnumber the live ones.
    if (++this.removed > 64 && this.removed > this.positionOf.size) this.compact();
  }

  clear(): void {
    this.postings = new Map();
    this.items = [];
    this.vectors = [];
    this.positionOf.clear();
    this.removed = 0;
  }

  /** Every entry, for a caller that must also see those sharing nothing with its query. */
  *entries(): IterableIterator<[T, SparseVector]> {
    for (let at = 0; at < this.items.length; at++) {
      const item = this.items[at];
      if (item !== undefined) yield [item, this.vectors[at]!];
    }
  }

  /**
   * Calls `visit` once for each entry sharing a non-zero dimension with `query` whose dot product
   * with it is at least `atLeast` (most entries share some dimension; few come close).
   */
  forEachOverlapping(query: Float32Array, atLeast: number, visit: (item: T, dot: number) => void): void {
    this.makeRoom();
    if (this.query === 0xffffffff) {
      this.touchedBy.fill(0); // the marks would wrap around
      this.query = 0;
    }
    const mark = ++this.query;
    const touched: number[] = [];
    for (let dimension = 0; dimension < query.length; dimension++) {
      const weight = query[dimension];
      if (weight === 0) continue;
      const list = this.postings.get(dimension);
      if (!list) continue;
      const { at, value } = list;
      for (let k = 0; k < at.length; k++) {
        const position = at[k];
        if (this.touchedBy[position] !== mark) {
          this.touchedBy[position] = mark;
          this.scores[position] = 0;
          touched.push(position);
        }
        this.scores[position] += weight * value[k];
      }
    }
    for (const position of touched) {
      const score = this.scores[position];
      if (score < atLeast) continue;
      const item = this.items[position];
      if (item !== undefined) visit(item, score);
    }
  }

  private post(at: number, vector: SparseVector): void {
    for (let k = 0; k < vector.index.length; k++) {
      let list = this.postings.get(vector.index[k]);
      if (!list) this.postings.set(vector.index[k], (list = { at: [], value: [] }));
      list.at.push(at);
      list.value.push(vector.value[k]);
    }
  }

  private makeRoom(): void {
    if (this.scores.length >= this.items.length) return;
    const capacity = Math.max(64, this.items.length * 2);
    this.scores = new Float64Array(capacity);
    // Marks restart with the new array: no position carries an old query's mark.
    this.touchedBy = new Uint32Array(capacity);
    this.query = 0;
  }

  private compact(): void {
    const live = [...this.entries()];
    this.clear();
    for (const [item, vector] of live) this.add(item, vector);
  }
}
