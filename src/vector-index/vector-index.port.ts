import { CachedAnswer } from '../common/cached-answer';

/** One question/answer pair of the semantic layer with its vector. */
export interface SemanticEntry extends CachedAnswer {
  /** Unique within its namespace (see semanticEntryId). */
  id: string;
  namespace: string;
  /** Hash of everything that must match besides the question (see semanticPartition). */
  partition: string;
  embedderId: string;
  /** L2-normalised. */
  vector: Float32Array;
  /** Epoch milliseconds; undefined = never expires. Set by the adapter from its TTL on upsert. */
  expiresAt?: number;
  /**
   * Audit trail of the semantic hits this entry served, kept by the index: how many, and the lowest
   * similarity one was served at (the entry's effective floor so far). A wrong-hit report can be
   * traced to how loose the matches it served were. undefined = never served.
   */
  hits?: { count: number; minSimilarity: number; lastSimilarity: number };
  /** What feedback and the verifier taught about this entry; undefined = nothing yet. */
  calibration?: EntryCalibration;
}

/** Observed outcomes at one similarity: the bucket (similarity in thousandths, rounded down) and its counts. */
export interface OutcomeBucket {
  milli: number;
  correct: number;
  wrong: number;
}

/** An entry's own threshold and the evidence it was learnt from; stored in the entry's hash. */
export interface EntryCalibration {
  /** A candidate below this similarity is a miss, whatever the namespace's threshold. */
  minSimilarity: number;
  /** Feedback reports received: wrong hits and correct hits. */
  wrong: number;
  right: number;
  /** Feedback and verifier outcomes by similarity, lowest first (bounded, see entry-threshold.ts). */
  outcomes: OutcomeBucket[];
}

export interface NearestQuery {
  namespace: string;
  partition: string;
  vector: Float32Array;
  /** Cosine similarity a candidate needs, inclusive. */
  minSimilarity: number;
  /**
   * False: the match is a candidate the caller may still turn down (a verifier), so it is neither
   * audited (`hits`) nor counted as use for eviction until the caller calls {@link VectorIndex.recordHit}.
   * Default true: the match is a served hit.
   */
  record?: boolean;
}

export interface SemanticMatch {
  entry: SemanticEntry;
  similarity: number;
}

/**
 * Why an entry was evicted: `per_namespace` (SEMANTIC_MAX_ENTRIES) or `global`
 * (SEMANTIC_MAX_TOTAL_ENTRIES, and in process CACHE_MAX_ENTRIES).
 */
export type SemanticEvictionReason = 'per_namespace' | 'global';

/** Told of the entries an index evicted, by reason (metrics). */
export type EvictionListener = (reason: SemanticEvictionReason, count: number) => void;

/**
 * Nearest-neighbour search over cached questions. The abstract class is the DI token;
 * every adapter passes `test/contracts/vector-index.contract.ts`. Failures reject; the
 * caller serves them as misses.
 */
export abstract class VectorIndex {
  /** Adapter name for logs and health (`memory`, `redis`). */
  abstract readonly kind: string;

  /** Loads what the backend persisted (Redis at boot); resolves how many entries were loaded. */
  abstract load(): Promise<number>;

  /**
   * Adds or replaces the entry with the same namespace and id.
   * @param ttlSeconds this entry's lifetime; default the adapter's (CACHE_TTL); 0 = never expires.
   */
  abstract upsert(entry: SemanticEntry, ttlSeconds?: number): Promise<void>;

  /** The most similar live entry of the query's namespace and partition at or above minSimilarity. */
  abstract nearest(query: NearestQuery): Promise<SemanticMatch | undefined>;

  /**
   * Counts a match found with `record: false` as a served hit: the entry's audit and its recency.
   * Bookkeeping: a failure is logged, never thrown, and an entry deleted meanwhile is ignored.
   */
  abstract recordHit(match: SemanticMatch): Promise<void>;

  /** One entry by id, or undefined when it is gone (expired entries too). */
  abstract get(namespace: string, id: string): Promise<SemanticEntry | undefined>;

  /**
   * Replaces an entry's calibration when the entry still exists (never recreates a deleted one);
   * resolves whether it did. Other replicas read it with the entry.
   */
  abstract calibrate(namespace: string, id: string, calibration: EntryCalibration): Promise<boolean>;

  /** Removes one entry; resolves true when it existed. */
  abstract delete(namespace: string, id: string): Promise<boolean>;

  /**
   * Every live entry of `namespace` (all namespaces when undefined), yielded lazily so that a caller
   * may stop early or stream millions; order unspecified. For admin listing and export, not the hot path.
   */
  abstract entries(namespace?: string): AsyncIterable<SemanticEntry>;

  /** Removes every entry of `namespace`, or all entries when undefined; resolves how many. */
  abstract clear(namespace?: string): Promise<number>;

  /**
   * Persists the in-process index for a fast restart (SEMANTIC_SNAPSHOT_DIR); resolves the entry
   * count, or undefined when this adapter keeps no snapshots. Run periodically.
   */
  abstract persistSnapshot(): Promise<number | undefined>;

  /** Drops expired entries so memory follows TTLs between queries; resolves how many. Run periodically. */
  abstract sweepExpired(): Promise<number>;

  /** How many entries the index holds, cheaply (metrics read it on every scrape): expired ones count until swept. */
  abstract size(): Promise<number>;
}
