import { VectorQuantization } from './vector-quantization';
import { Environment } from './environment';

const QUANTIZATIONS = { float32: 'f32', float16: 'f16', int8: 'i8' } as const;

/** How the semantic index is held and maintained (see {@link Environment} for units and defaults). */
export class SemanticIndexConfig {
  readonly quantization: VectorQuantization;
  readonly efSearch: number;
  readonly sweepIntervalMs: number;
  /** undefined = no snapshots. */
  readonly snapshotDir?: string;
  readonly snapshotIntervalMs: number;

  constructor(env: Environment) {
    this.quantization = QUANTIZATIONS[env.VECTOR_QUANTIZATION];
    this.efSearch = env.SEMANTIC_HNSW_EF_SEARCH;
    this.sweepIntervalMs = env.SEMANTIC_SWEEP_INTERVAL_S * 1000;
    this.snapshotDir = env.SEMANTIC_SNAPSHOT_DIR;
    this.snapshotIntervalMs = env.SEMANTIC_SNAPSHOT_INTERVAL_S * 1000;
  }
}
