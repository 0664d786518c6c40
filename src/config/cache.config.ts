import { Environment } from './environment';

/** Settings shared by both cache layers (see {@link Environment} for units and defaults). */
export class CacheConfig {
  /** Seconds; 0 = entries never expire. */
  readonly ttlSeconds: number;
  readonly maxEntries: number;
  readonly defaultNamespace: string;
  /** Redis: semantic entries per namespace before LRU eviction; 0 = unbounded. */
  readonly semanticMaxEntries: number;
  readonly maxQuestionChars: number;
  /** Proxy: above this temperature nothing is cached; above semanticMaxTemperature only exact matches. */
  readonly maxTemperature: number;
  readonly semanticMaxTemperature: number;
  /** Proxy: longest conversation (system messages not counted) the semantic layer answers and stores. */
  readonly semanticMaxMessages: number;
  /** Proxy: cache non-text requests by exact match. */
  readonly cacheNonText: boolean;
  /** Proxy: milliseconds between replayed stream chunks; 0 = no pause. */
  readonly replayChunkDelayMs: number;
  /** Redis: milliseconds a dead holder's single-flight lock lives on. */
  readonly coalesceLockTtlMs: number;
  /** Largest answer stored, in bytes of its text and tool calls; larger ones are relayed, not stored. */
  readonly maxEntryBytes: number;

  constructor(env: Environment) {
    this.ttlSeconds = env.CACHE_TTL;
    this.maxEntries = env.CACHE_MAX_ENTRIES;
    this.defaultNamespace = env.CACHE_DEFAULT_NAMESPACE;
    this.semanticMaxEntries = env.SEMANTIC_MAX_ENTRIES;
    this.maxQuestionChars = env.MAX_QUESTION_CHARS;
    this.maxTemperature = env.CACHE_MAX_TEMPERATURE;
    this.semanticMaxTemperature = env.SEMANTIC_MAX_TEMPERATURE;
    this.semanticMaxMessages = env.SEMANTIC_MAX_MESSAGES;
    this.cacheNonText = env.CACHE_NON_TEXT;
    this.replayChunkDelayMs = env.STREAM_REPLAY_CHUNK_DELAY_MS;
    this.coalesceLockTtlMs = env.COALESCE_LOCK_TTL_MS;
    this.maxEntryBytes = env.CACHE_MAX_ENTRY_BYTES;
  }
}
