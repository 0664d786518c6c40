import { VectorQuantization } from '../../config/vector-quantization';
import { BucketSettings } from '../bucket-settings.interface';
import { GRAPH_INSERT_SLICES } from '../slice-scheduler';
import { createUsearchIndex } from './usearch-index';

/**
 * Where a bucket of dense vectors switches from exact scan to HNSW: about where an exact scan
 * of 384-d vectors starts to cost more than an HNSW query (`npm run bench:vector-index`). Sparse
 * (lexical) vectors scan cheaper and switch later (PartitionBucket).
 */
export const EXACT_SCAN_MAX = 512;
/** The most vectors one graph insert takes (a bulk load's batches use every core). */
export const GRAPH_BATCH = 64;
/** Default HNSW efSearch (SEMANTIC_HNSW_EF_SEARCH); see docs/BENCHMARKS.md for recall and latency per value. */
export const EF_SEARCH = 64;

export function bucketSettings(
  quantization: VectorQuantization = 'f32',
  overrides: Partial<BucketSettings> = {},
): BucketSettings {
  return {
    exactScanMax: EXACT_SCAN_MAX,
    graphBatch: GRAPH_BATCH,
    quantization,
    efSearch: EF_SEARCH,
    createGraph: createUsearchIndex,
    slices: GRAPH_INSERT_SLICES,
    ...overrides,
  };
}
