import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { VectorQuantization } from './vector-quantization';

/** Share of the replica's memory the semantic layer may take by default (SEMANTIC_MAX_TOTAL_ENTRIES unset). */
export const SEMANTIC_MEMORY_SHARE = 0.25;

/**
 * Vector length assumed when EMBED_DIMENSIONS is unset: text-embedding-3-small's, the default model,
 * and longer than the lexical embedder's 1024, so the estimate errs towards fewer entries.
 */
export const ASSUMED_DIMENSIONS = 1536;

/** Bytes per dimension of a graph vector. */
const SCALAR_BYTES: Record<VectorQuantization, number> = { f32: 4, f16: 2, i8: 1 };
/**
 * HNSW links of one node: 2×M neighbours of 4 bytes on the base layer (M=16), plus the upper layers
 * a node reaches with probability 1/M each, rounded up.
 */
const GRAPH_LINK_BYTES = 160;
/** The JS side of one entry: its ref object, id strings, Map and LRU nodes (two LRUs). */
const ENTRY_OVERHEAD_BYTES = 400;
/** Question and answer text held by the in-process store (a Redis mirror holds none). */
const ANSWER_TEXT_BYTES = 2048;

export interface EntryFootprint {
  dimensions: number;
  quantization: VectorQuantization;
  /** True for the in-process store, which keeps each entry's float32 vector and texts beside the graph. */
  holdsAnswers: boolean;
}

/** Estimated bytes one semantic entry takes in a replica's memory. */
export function bytesPerSemanticEntry({ dimensions, quantization, holdsAnswers }: EntryFootprint): number {
  const graph = dimensions * SCALAR_BYTES[quantization] + GRAPH_LINK_BYTES;
  const held = holdsAnswers ? dimensions * 4 + ANSWER_TEXT_BYTES : 0;
  return graph + ENTRY_OVERHEAD_BYTES + held;
}

/** The default of SEMANTIC_MAX_TOTAL_ENTRIES: how many entries fill SEMANTIC_MEMORY_SHARE of `memoryBytes`. */
export function semanticEntriesFor(memoryBytes: number, footprint: EntryFootprint): number {
  return Math.max(1, Math.floor((memoryBytes * SEMANTIC_MEMORY_SHARE) / bytesPerSemanticEntry(footprint)));
}

/**
 * The memory this process may use: the cgroup v2 limit (`memory.max`, a container's limit) when one
 * is set and below the machine's, else the machine's total.
 */
export function replicaMemoryBytes(
  readCgroupLimit: () => string = () => readFileSync('/sys/fs/cgroup/memory.max', 'utf8'),
  machineBytes = totalmem(),
): number {
  let limit = Number.NaN;
  try {
    limit = Number(readCgroupLimit().trim()); // `max` when unlimited
  } catch {
    // No cgroup v2 file (not Linux, or cgroup v1): the machine's memory.
  }
  return Number.isFinite(limit) && limit > 0 ? Math.min(limit, machineBytes) : machineBytes;
}
