import { readFileSync, writeFileSync } from 'node:fs';
import { ApproximateIndex } from './ann/approximate-index.port';
import { BucketSettings } from './bucket-settings.interface';
import { SparsePostings } from './sparse-postings';
import { cosineOfUnitVectors, cosineWithSparse, SparseVector, toSparse } from './vector-math';

/** A vector not yet in the graph (or in a bucket still small enough to scan). */
interface Scanned {
  vector: Float32Array;
  /** Lexical vectors are sparse: a scan then costs per non-zero, not per dimension. */
  sparse?: SparseVector;
}

interface Slot<T> {
  ref: T;
  label: number;
  /** Set while the vector is scanned exactly; cleared once it lives only in the graph. */
  scanned?: Scanned;
}

/** What a snapshot keeps of a bucket besides the vector file. */
export interface BucketImage<T> {
  dimensions: number;
  /** true: the file is the HNSW graph; false: raw float32 vectors in slot order. */
  graph: boolean;
  nextLabel: number;
  slots: { ref: T; label: number }[];
}

export interface BucketMatch<T> {
  ref: T;
  similarity: number;
}

/** How many graph neighbours a query asks for, so that a few expired ones do not hide a live one. */
const GRAPH_CANDIDATES = 8;
/** How far below the threshold a graph's similarity may be and still be a candidate, per quantisation (see nearest). */
const GRAPH_SCORE_SLACK = { f32: 0, f16: 0.002, i8: 0.02 } as const;
/**
 * From this many entries a query searches 3× wider than efSearch: usearch walks with
 * max(efSearch, results asked for), and a graph of a million entries needs the wider walk to keep
 * recall@1 near its target where 100k entries do with efSearch alone (recall and latency per
 * efSearch: `npm run bench:vector-index`, docs/BENCHMARKS.md).
 */
const LARGE_GRAPH = 500_000;
/**
 * Scan cost of one non-zero of a sparse vector, in dense dimensions: a sparse cosine gathers its
 * operands where a dense one reads them in sequence, so one non-zero costs several dimensions. A
 * bucket of lexical vectors (a few dozen non-zeros of 1024) then stays exact until a plain scan
 * would cost as much as an HNSW query; building the graph any earlier only adds inserts that
 * block the event loop. Sparse vectors are in fact searched through postings (SparsePostings),
 * cheaper still than the scan and than the graph. The limit stays at the scan's crossing for now:
 * postings cost memory per entry, and a higher limit wants its own memory measurement.
 */
const SPARSE_COST_PER_NONZERO = 4;
const scanCostOf = ({ vector, sparse }: Scanned) =>
  sparse ? SPARSE_COST_PER_NONZERO * sparse.index.length : vector.length;

/**
 * The vectors of one (namespace, partition): searched by exact scan while small, by an HNSW
 * graph beyond `exactScanMax`. New vectors are buffered and scanned exactly until a batch is
 * full, so inserts use every core and a query never misses a just-written entry.
 */
export class PartitionBucket<T> {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly byLabel = new Map<number, string>();
  /** Slots whose vector is still scanned exactly: every slot while the bucket is small, else the unflushed batch. */
  private readonly pending = new Map<string, Slot<T>>();
  /** The pending slots, searched two ways: sparse vectors through postings, dense ones by a scan. */
  private readonly sparsePending = new SparsePostings<Slot<T>>();
  private readonly densePending = new Set<Slot<T>>();
  private graph?: ApproximateIndex;
  private nextLabel = 0;
  private dimensions?: number;
  /** While there is no graph: the cost of one exact scan (scanCostOf summed over the slots). */
  private scanCost = 0;

  constructor(private readonly settings: BucketSettings) {}

  get size(): number {
    return this.slots.size;
  }

  get usesGraph(): boolean {
    return this.graph !== undefined;
  }

  /**
   * Adds or replaces `key`. Vectors of another length than the bucket's are refused (another space).
   * @param flushWhenFull false while bulk loading: the caller flushes once per batch.
   */
  upsert(key: string, ref: T, vector: Float32Array, flushWhenFull = true): void {
    this.dimensions ??= vector.length;
    if (vector.length !== this.dimensions)
      throw new Error(`Vector of ${vector.length} dimensions in a bucket of ${this.dimensions}`);
    this.remove(key);
    const label = this.nextLabel++;
    const slot: Slot<T> = { ref, label, scanned: { vector, sparse: this.graph ? undefined : toSparse(vector) } };
    this.slots.set(key, slot);
    this.byLabel.set(label, key);
    this.addPending(key, slot);
    if (flushWhenFull && (this.graph ? this.pending.size >= this.settings.graphBatch : this.outgrewExactScan()))
      this.flush(this.settings.graphBatch);
  }

  /** Some entry of the bucket (its namespace and partition are every entry's), or undefined when empty. */
  anyRef(): T | undefined {
    return this.slots.values().next().value?.ref;
  }

  /** Every entry's ref, live: refs removed while iterating are skipped, as a Map's iterator does. */
  *refs(): Generator<T> {
    for (const slot of this.slots.values()) yield slot.ref;
  }

  refOf(key: string): T | undefined {
    return this.slots.get(key)?.ref;
  }

  remove(key: string): T | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    this.byLabel.delete(slot.label);
    if (!this.pending.delete(key)) this.graph?.remove(slot.label);
    else {
      this.sparsePending.remove(slot);
      this.densePending.delete(slot);
      if (!this.graph) this.scanCost -= scanCostOf(slot.scanned!);
    }
    return slot.ref;
  }

  /**
   * The most similar entry with `isLive(ref)` at or above `minSimilarity`. Dead entries met on the
   * way are handed to `onDead` (the caller removes them).
   */
  nearest(
    vector: Float32Array,
    minSimilarity: number,
    isLive: (ref: T) => boolean,
    onDead: (ref: T) => void,
  ): BucketMatch<T> | undefined {
    if (vector.length !== this.dimensions) return undefined;
    let best: BucketMatch<T> | undefined;
    const considerFrom = (ref: T, similarity: number, floor: number) => {
      if (similarity < floor || (best && similarity <= best.similarity)) return;
      if (isLive(ref)) best = { ref, similarity };
      else onDead(ref);
    };
    const consider = (ref: T, similarity: number) => considerFrom(ref, similarity, minSimilarity);
    for (const slot of this.densePending) consider(slot.ref, cosineOfUnitVectors(vector, slot.scanned!.vector));
    // An entry sharing no non-zero with the query scores 0: the postings skip it, unless 0 can match.
    if (minSimilarity > 0)
      this.sparsePending.forEachOverlapping(vector, minSimilarity, (slot, similarity) =>
        consider(slot.ref, similarity),
      );
    else
      for (const [slot, sparse] of this.sparsePending.entries()) consider(slot.ref, cosineWithSparse(vector, sparse));
    if (this.graph) {
      // A quantised graph's similarity is approximate; the caller re-scores on the stored vector, so
      // candidates just under the threshold are let through here rather than lost.
      const graphFloor = minSimilarity - GRAPH_SCORE_SLACK[this.settings.quantization];
      const breadth = this.graph.size >= LARGE_GRAPH ? this.settings.efSearch * 3 : GRAPH_CANDIDATES;
      const { labels, similarities } = this.graph.search(vector, breadth);
      for (let i = 0; i < labels.length; i++) {
        const key = this.byLabel.get(labels[i]);
        if (key !== undefined) considerFrom(this.slots.get(key)!.ref, similarities[i], graphFloor);
      }
    }
    return best;
  }

  /**
   * Moves buffered vectors, oldest first, into the graph (creating it once the bucket outgrows the
   * exact scan). Inserts block the event loop, so a write moves at most one batch (`limit`): when a
   * bucket switches to the graph, its scanned entries go over one batch per write instead of in
   * one long stall (`npm run bench:housekeeping` measures both), and are scanned exactly until
   * then. Bulk loads and snapshots move everything.
   */
  flush(limit = Infinity): void {
    if (!this.graph && !this.outgrewExactScan()) return;
    if (this.pending.size === 0) return;
    this.graph ??= this.settings.createGraph({
      dimensions: this.dimensions!,
      quantization: this.settings.quantization,
      efSearch: this.settings.efSearch,
    });
    const moving = [...takeFirst(this.pending, limit)];
    const labels: number[] = [];
    const vectors = new Float32Array(moving.length * this.dimensions!);
    for (const [key, slot] of moving) {
      vectors.set(slot.scanned!.vector, labels.length * this.dimensions!);
      labels.push(slot.label);
      this.pending.delete(key);
      this.sparsePending.remove(slot);
      this.densePending.delete(slot);
      slot.scanned = undefined; // the graph holds it now; keeping it would double the memory
    }
    this.graph.add(labels, vectors);
    this.scanCost = 0;
  }

  private addPending(key: string, slot: Slot<T>): void {
    const scanned = slot.scanned!;
    this.pending.set(key, slot);
    if (scanned.sparse) this.sparsePending.add(slot, scanned.sparse);
    else this.densePending.add(slot);
    if (!this.graph) this.scanCost += scanCostOf(scanned);
  }

  /** Whether an exact scan now costs more than one of `exactScanMax` dense vectors. */
  private outgrewExactScan(): boolean {
    return this.scanCost > this.settings.exactScanMax * (this.dimensions ?? 0);
  }

  /** Snapshot: moves buffered vectors into the graph, then writes the graph (or, small, the raw vectors) to `path`. */
  save(path: string): BucketImage<T> {
    this.flush();
    const slots = [...this.slots.values()];
    if (this.graph) this.graph.save(path);
    else {
      const vectors = new Float32Array(slots.length * this.dimensions!);
      slots.forEach((slot, i) => vectors.set(slot.scanned!.vector, i * this.dimensions!));
      writeFileSync(path, new Uint8Array(vectors.buffer));
    }
    return {
      dimensions: this.dimensions!,
      graph: this.graph !== undefined,
      nextLabel: this.nextLabel,
      slots: slots.map(({ ref, label }) => ({ ref, label })),
    };
  }

  /** The bucket {@link save} wrote; `keyOf` rebuilds each slot's key from its ref. */
  static restore<T>(
    settings: BucketSettings,
    image: BucketImage<T>,
    path: string,
    keyOf: (ref: T) => string,
  ): PartitionBucket<T> {
    const bucket = new PartitionBucket<T>(settings);
    bucket.dimensions = image.dimensions;
    bucket.nextLabel = image.nextLabel;
    let vectors: Float32Array | undefined;
    if (image.graph) {
      bucket.graph = settings.createGraph({
        dimensions: image.dimensions,
        quantization: settings.quantization,
        efSearch: settings.efSearch,
      });
      bucket.graph.load(path);
    } else {
      const bytes = readFileSync(path);
      vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (vectors.length !== image.slots.length * image.dimensions)
        throw new Error(`${path} holds ${vectors.length} floats, expected ${image.slots.length * image.dimensions}`);
    }
    image.slots.forEach(({ ref, label }, i) => {
      const key = keyOf(ref);
      const slot: Slot<T> = { ref, label };
      if (vectors) {
        const vector = vectors.subarray(i * image.dimensions, (i + 1) * image.dimensions);
        slot.scanned = { vector, sparse: toSparse(vector) };
        bucket.addPending(key, slot);
      }
      bucket.slots.set(key, slot);
      bucket.byLabel.set(label, key);
    });
    return bucket;
  }
}

/** The first `count` entries of a map, in insertion order. */
function* takeFirst<K, V>(map: Map<K, V>, count: number): Generator<[K, V]> {
  if (count <= 0) return;
  let taken = 0;
  for (const entry of map) {
    yield entry;
    if (++taken >= count) return;
  }
}
