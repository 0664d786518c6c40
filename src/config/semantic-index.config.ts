import { VectorQuantization } from './vector-quantization';
import { Environment } from './environment';
import { ASSUMED_DIMENSIONS, replicaMemoryBytes, semanticEntriesFor } from './semantic-memory-budget';

const QUANTIZATIONS = { float32: 'f32', float16: 'f16', int8: 'i8' } as const;

/** How the semantic index is held and maintained (see {@link Environment} for units and defaults). */
export class SemanticIndexConfig {
  readonly quantization: VectorQuantization;
  readonly efSearch: number;
  readonly sweepIntervalMs: number;
  /** undefined = no snapshots. */
  readonly snapshotDir?: string;
  readonly snapshotIntervalMs: number;
  /** SEMANTIC_MAX_TOTAL_ENTRIES, or the estimate from the replica's memory when unset; 0 = unbounded. */
  readonly maxTotalEntries: number;

  constructor(env: Environment, memoryBytes: () => number = replicaMemoryBytes) {
    this.quantization = QUANTIZATIONS[env.VECTOR_QUANTIZATION];
    this.efSearch = env.SEMANTIC_HNSW_EF_SEARCH;
    this.sweepIntervalMs = env.SEMANTIC_SWEEP_INTERVAL_S * 1000;
    this.snapshotDir = env.SEMANTIC_SNAPSHOT_DIR;
    this.snapshotIntervalMs = env.SEMANTIC_SNAPSHOT_INTERVAL_S * 1000;
    this.maxTotalEntries =
      env.SEMANTIC_MAX_TOTAL_ENTRIES ??
      semanticEntriesFor(memoryBytes(), {
        dimensions: env.EMBED_DIMENSIONS ?? ASSUMED_DIMENSIONS,
        quantization: this.quantization,
        holdsAnswers: env.REDIS_URL === undefined && env.REDIS_CLUSTER_NODES === undefined,
      });
  }
}
