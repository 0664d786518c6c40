import { VectorQuantization } from '../config/vector-quantization';
import { ApproximateIndexFactory } from './ann/approximate-index.port';
import { SliceScheduler } from './slice-scheduler';

/** How every PartitionBucket of an index holds and searches its vectors; `bucketSettings()` gives the defaults. */
export interface BucketSettings {
  /**
   * Up to this many dense vectors a bucket is scanned exactly (faster than a graph walk, and exact).
   * Sparse vectors cost less to scan, so proportionally more of them are (see SPARSE_COST_PER_NONZERO).
   */
  exactScanMax: number;
  /**
   * The most vectors one background slice inserts (fewer when they would not fit in it), and the
   * batch a write moves itself when the backlog is full; a bulk load inserts everything at once.
   */
  graphBatch: number;
  quantization: VectorQuantization;
  /** HNSW efSearch of every graph. */
  efSearch: number;
  createGraph: ApproximateIndexFactory;
  /** Where graph inserts run, a slice of event-loop time at a time (every index shares GRAPH_INSERT_SLICES). */
  slices: SliceScheduler;
}
