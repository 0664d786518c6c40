import { readFileSync, writeFileSync } from 'node:fs';
import { ApproximateIndex } from './ann/approximate-index.port';
import { BucketSettings } from './bucket-settings.interface';
import { ScanBuffer } from './scan-buffer';
import { SlicedWork } from './slice-scheduler';
import { toSparse } from './vector-math';

interface Slot<T> {
  ref: T;
  label: number;
}

/** What a snapshot keeps of a bucket besides its vector files. */
export interface BucketImage<T> {
  dimensions: number;
  /** true: the first file is the HNSW graph; false: raw float32 vectors of every slot, in slot order. */
  graph: boolean;
  nextLabel: number;
  /** With a graph: the slots in it, then the `waiting` ones. */
  slots: { ref: T; label: number }[];
  /** With a graph: how many of the last slots were not in it yet; the second file holds their raw float32 vectors. */
  waiting: number;
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
 * Entries waiting for the graph may cost this many exact scans of `exactScanMax` vectors; beyond,
 * each write moves a batch itself. Inserts normally keep up in the background; this bounds what a
 * query pays when writes outpace them for long, at the price of the stall the slices avoid.
 */
const BACKLOG_SCANS = 2;
/** Weight of the latest insert in the running cost per insert that ends the slices. */
const INSERT_COST_WEIGHT = 0.3;

/**
 * The vectors of one (namespace, partition): searched by exact scan while small, by an HNSW
 * graph beyond `exactScanMax`. A new vector is scanned exactly until it is in the graph, so a
 * query never misses a just-written entry; it enters the graph in the background, in slices of
 * event-loop time between requests (`settings.slices`), so no write waits for a graph insert.
 */
export class PartitionBucket<T> implements SlicedWork {
  private readonly slots = new Map<string, Slot<T>>();
  private readonly byLabel = new Map<number, string>();
  /** Every slot while the bucket is small; with a graph, the slots not in it yet. */
  private readonly buffer = new ScanBuffer<Slot<T>>();
  private graph?: ApproximateIndex;
  private nextLabel = 0;
  private dimensions?: number;
  /** Event-loop time per vector of recent graph inserts (ms), to end a slice before an insert overruns it; unknown at first. */
  private insertMs = Infinity;

  constructor(private readonly settings: BucketSettings) {}

  get size(): number {
    return this.slots.size;
  }

  get usesGraph(): boolean {
    return this.graph !== undefined;
  }

  /** Entries written but not in the graph yet (scanned exactly until they are); 0 without a graph. */
  get waiting(): number {
    return this.graph ? this.buffer.size : 0;
  }

  /**
   * Adds or replaces `key`. Vectors of another length than the bucket's are refused (another space).
   * @param insertLater false while bulk loading: the caller flushes once per batch.
   */
  upsert(key: string, ref: T, vector: Float32Array, insertLater = true): void {
    this.dimensions ??= vector.length;
    if (vector.length !== this.dimensions)
      throw new Error(`Vector of ${vector.length} dimensions in a bucket of ${this.dimensions}`);
    this.remove(key);
    const slot: Slot<T> = { ref, label: this.nextLabel++ };
    this.slots.set(key, slot);
    this.byLabel.set(slot.label, key);
    this.buffer.add(slot, { vector, sparse: this.graph ? undefined : toSparse(vector) });
    if (insertLater) this.queueInserts();
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

  /** Removes `key` from the scan or the graph, wherever it is: an entry waiting for the graph never gets there. */
  remove(key: string): T | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    this.byLabel.delete(slot.label);
    if (!this.buffer.delete(slot)) this.graph?.remove(slot.label);
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
    const consider = (ref: T, similarity: number, floor: number) => {
      if (similarity < floor || (best && similarity <= best.similarity)) return;
      if (isLive(ref)) best = { ref, similarity };
      else onDead(ref);
    };
    this.buffer.scan(vector, minSimilarity, (slot, similarity) => consider(slot.ref, similarity, minSimilarity));
    if (this.graph) {
      // A quantised graph's similarity is approximate; the caller re-scores on the stored vector, so
      // candidates just under the threshold are let through here rather than lost.
      const graphFloor = minSimilarity - GRAPH_SCORE_SLACK[this.settings.quantization];
      const breadth = this.graph.size >= LARGE_GRAPH ? this.settings.efSearch * 3 : GRAPH_CANDIDATES;
      const { labels, similarities } = this.graph.search(vector, breadth);
      for (let i = 0; i < labels.length; i++) {
        const key = this.byLabel.get(labels[i]);
        if (key !== undefined) consider(this.slots.get(key)!.ref, similarities[i], graphFloor);
      }
    }
    return best;
  }

  /**
   * Moves up to `limit` waiting vectors, oldest first, into the graph now, as one batch (which uses
   * every core), creating the graph once the bucket outgrows the exact scan. This blocks the event
   * loop for the whole batch: for bulk loads, and for writes beyond the backlog bound.
   */
  flush(limit = Infinity): void {
    if (!this.graph && !this.startGraph()) return;
    this.moveIntoGraph(Math.min(limit, this.buffer.size));
  }

  /**
   * One slice of background inserts (SliceScheduler): one vector per graph call, oldest first,
   * while the next one is expected to end by `deadline`; at least one, at most `graphBatch`. A
   * batch cannot stop at the deadline once started, so a slice of several vectors would overrun
   * by all of them.
   */
  runSlice(deadline: number): boolean {
    if (!this.graph) return true;
    for (let moved = 0; moved < this.settings.graphBatch && this.buffer.size > 0; moved++) {
      const started = performance.now();
      if (moved > 0 && started + this.insertMs > deadline) break;
      this.insertOldest();
      const took = performance.now() - started;
      this.insertMs =
        this.insertMs === Infinity ? took : INSERT_COST_WEIGHT * took + (1 - INSERT_COST_WEIGHT) * this.insertMs;
    }
    return this.buffer.size === 0;
  }

  /** Inserts the oldest waiting vector into the graph, from its own array (no copy, no garbage). */
  private insertOldest(): void {
    const [slot, { vector }] = this.buffer.first()!;
    this.graph!.add([slot.label], vector);
    // Only once the graph holds it: an insert that throws leaves it scanned, never lost.
    this.buffer.delete(slot);
  }

  /**
   * After a write: starts the graph once the bucket outgrows the exact scan and asks for a slice;
   * past the backlog bound, moves a batch now.
   */
  private queueInserts(): void {
    if (!this.graph && !this.startGraph()) return;
    if (this.buffer.cost > BACKLOG_SCANS * this.scanBudget()) this.flush(this.settings.graphBatch);
    if (this.buffer.size > 0) this.settings.slices.request(this);
  }

  /** Creates the graph if the bucket has outgrown the exact scan; whether there is one now. */
  private startGraph(): boolean {
    if (this.buffer.cost <= this.scanBudget()) return false;
    this.graph = this.createGraph();
    return true;
  }

  /** The cost of an exact scan of `exactScanMax` dense vectors: the bucket scans exactly up to it. */
  private scanBudget(): number {
    return this.settings.exactScanMax * (this.dimensions ?? 0);
  }

  private createGraph(): ApproximateIndex {
    return this.settings.createGraph({
      dimensions: this.dimensions!,
      quantization: this.settings.quantization,
      efSearch: this.settings.efSearch,
    });
  }

  /** Inserts the `count` oldest waiting vectors into the graph; returns how many. */
  private moveIntoGraph(count: number): number {
    const moving = this.buffer.oldest(count);
    if (moving.length === 0) return 0;
    const vectors = new Float32Array(moving.length * this.dimensions!);
    moving.forEach(([, { vector }], i) => vectors.set(vector, i * this.dimensions!));
    this.graph!.add(
      moving.map(([slot]) => slot.label),
      vectors,
    );
    // Only once the graph holds them: an insert that throws leaves them scanned, never lost.
    for (const [slot] of moving) this.buffer.delete(slot);
    return moving.length;
  }

  /**
   * Snapshot: writes the graph to `path` and the raw vectors not in it yet to `waitingPath` (or,
   * without a graph, every raw vector to `path`). Nothing is inserted first: a save never waits for
   * the graph, and a restore queues the waiting vectors again.
   */
  save(path: string, waitingPath: string): BucketImage<T> {
    const buffered = [...this.buffer];
    const waiting = new Set(buffered.map(([slot]) => slot));
    if (this.graph) this.graph.save(path);
    if (buffered.length > 0) {
      const vectors = new Float32Array(buffered.length * this.dimensions!);
      buffered.forEach(([, { vector }], i) => vectors.set(vector, i * this.dimensions!));
      writeFileSync(this.graph ? waitingPath : path, new Uint8Array(vectors.buffer));
    }
    const inGraph = [...this.slots.values()].filter((slot) => !waiting.has(slot));
    return {
      dimensions: this.dimensions!,
      graph: this.graph !== undefined,
      nextLabel: this.nextLabel,
      slots: [...inGraph, ...waiting].map(({ ref, label }) => ({ ref, label })),
      waiting: this.graph ? buffered.length : 0,
    };
  }

  /** The bucket {@link save} wrote; `keyOf` rebuilds each slot's key from its ref. */
  static restore<T>(
    settings: BucketSettings,
    image: BucketImage<T>,
    path: string,
    waitingPath: string,
    keyOf: (ref: T) => string,
  ): PartitionBucket<T> {
    const bucket = new PartitionBucket<T>(settings);
    bucket.dimensions = image.dimensions;
    bucket.nextLabel = image.nextLabel;
    const scanned = image.graph ? image.waiting : image.slots.length;
    const firstScanned = image.slots.length - scanned;
    if (image.graph) {
      bucket.graph = bucket.createGraph();
      bucket.graph.load(path);
    }
    const vectors = scanned > 0 ? readVectors(image.graph ? waitingPath : path, scanned * image.dimensions) : undefined;
    image.slots.forEach(({ ref, label }, i) => {
      const key = keyOf(ref);
      const slot: Slot<T> = { ref, label };
      bucket.slots.set(key, slot);
      bucket.byLabel.set(label, key);
      if (i < firstScanned) return;
      const at = (i - firstScanned) * image.dimensions;
      const vector = vectors!.subarray(at, at + image.dimensions);
      bucket.buffer.add(slot, { vector, sparse: bucket.graph ? undefined : toSparse(vector) });
    });
    if (bucket.waiting > 0) settings.slices.request(bucket);
    return bucket;
  }
}

/** `count` float32 values from a raw file, or an error naming the file when it holds another number. */
function readVectors(path: string, count: number): Float32Array {
  const bytes = readFileSync(path);
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (vectors.length !== count) throw new Error(`${path} holds ${vectors.length} floats, expected ${count}`);
  return vectors;
}
