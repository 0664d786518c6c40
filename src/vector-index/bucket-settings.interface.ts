import { VectorQuantization } from '../config/vector-quantization';
import { ApproximateIndexFactory } from './ann/approximate-index.port';

/** How every PartitionBucket of an index holds and searches its vectors; `bucketSettings()` gives the defaults. */
export interface BucketSettings {
  /**
   * Up to this many dense vectors a bucket is scanned exactly (faster than a graph walk, and exact).
   * Sparse vectors cost less to scan, so proportionally more of them are (see SPARSE_COST_PER_NONZERO).
   */
  exactScanMax: number;
  /** Writes wait in an exactly-scanned buffer until this many, then go into the graph as one batch. */
  graphBatch: number;
  quantization: VectorQuantization;
  /** HNSW efSearch of every graph. */
  efSearch: number;
  createGraph: ApproximateIndexFactory;
}
