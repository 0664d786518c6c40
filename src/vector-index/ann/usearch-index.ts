import { Index, MetricKind, ScalarKind } from 'usearch';
import { ApproximateIndex, ApproximateIndexOptions, Neighbours } from './approximate-index.port';

/**
 * Graph parameters (bench/vector-index.js): M=16 and efConstruction=128; efSearch comes from the
 * options (SEMANTIC_HNSW_EF_SEARCH).
 */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const SCALAR_KINDS = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;
/** Batches smaller than this are added on the calling thread: a thread pool costs more than it saves. */
const PARALLEL_BATCH = 64;

/** HNSW from usearch (prebuilt for linux-x64, deletes, int8, save/load); see docs/DESIGN.md for the comparison. */
export class UsearchIndex implements ApproximateIndex {
  private readonly index: Index;
  /** The key of a single-vector add, reused: background inserts add one vector at a time. */
  private readonly oneKey = new BigUint64Array(1);

  constructor(private readonly options: ApproximateIndexOptions) {
    this.index = new Index({
      dimensions: options.dimensions,
      metric: MetricKind.Cos,
      quantization: SCALAR_KINDS[options.quantization],
      connectivity: CONNECTIVITY,
      expansion_add: EXPANSION_ADD,
      expansion_search: options.efSearch,
      multi: false,
    });
  }

  get size(): number {
    return Number(this.index.size());
  }

  add(labels: number[], vectors: Float32Array): void {
    if (labels.length === 0) return;
    let keys = this.oneKey;
    if (labels.length === 1) keys[0] = BigInt(labels[0]);
    else keys = BigUint64Array.from(labels, (label) => BigInt(label));
    this.index.add(keys, vectors, labels.length >= PARALLEL_BATCH ? 0 : 1);
  }

  remove(label: number): void {
    this.index.remove(BigInt(label));
  }

  search(vector: Float32Array, count: number): Neighbours {
    const found = this.index.search(vector, count, 1);
    const labels: number[] = [];
    const similarities: number[] = [];
    for (let i = 0; i < found.keys.length; i++) {
      // usearch pads missing results with max-uint keys and infinite distance.
      if (!Number.isFinite(found.distances[i])) continue;
      labels.push(Number(found.keys[i]));
      similarities.push(1 - found.distances[i]);
    }
    return { labels, similarities };
  }

  save(path: string): void {
    this.index.save(path);
  }

  load(path: string): void {
    this.index.load(path);
  }
}

export const createUsearchIndex = (options: ApproximateIndexOptions): ApproximateIndex => new UsearchIndex(options);
