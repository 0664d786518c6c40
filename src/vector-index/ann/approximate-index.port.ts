import { VectorQuantization } from '../../config/vector-quantization';

export interface ApproximateIndexOptions {
  dimensions: number;
  quantization: VectorQuantization;
  /** Candidates a query keeps while walking the graph (HNSW efSearch): recall against latency. */
  efSearch: number;
}

export interface Neighbours {
  labels: number[];
  /** Cosine similarity per label, best first. */
  similarities: number[];
}

/**
 * An approximate nearest-neighbour graph over unit vectors with numeric labels. The port keeps
 * the library (usearch today; hnswlib or faiss would fit) out of the partition logic.
 */
export interface ApproximateIndex {
  readonly size: number;
  /** Adds vectors `labels[i]` ↔ `vectors[i * dimensions ...]`, using every core for large batches. */
  add(labels: number[], vectors: Float32Array): void;
  remove(label: number): void;
  /** Up to `count` nearest labels. */
  search(vector: Float32Array, count: number): Neighbours;
  /** Writes the graph to `path` (snapshot) and reads it back. */
  save(path: string): void;
  load(path: string): void;
}

export type ApproximateIndexFactory = (options: ApproximateIndexOptions) => ApproximateIndex;
