/** Metric names: `llm_cache_<noun>_<unit>`; labels are bounded sets, never question text. */
export const METRIC = {
  httpRequests: 'llm_cache_http_requests_total',
  lookups: 'llm_cache_lookups_total',
  llmCalls: 'llm_cache_llm_calls_total',
  answers: 'llm_cache_answers_total',
  askDuration: 'llm_cache_ask_duration_seconds',
  proxyDuration: 'llm_cache_proxy_duration_seconds',
  lookupDuration: 'llm_cache_lookup_duration_seconds',
  embeddingDuration: 'llm_cache_embedding_duration_seconds',
  llmDuration: 'llm_cache_llm_duration_seconds',
  entries: 'llm_cache_entries',
  /** Deprecated: unit mid-name and output tokens only; use savedTokens. Removed in the next release. */
  tokensSaved: 'llm_cache_tokens_saved_total',
  savedTokens: 'llm_cache_saved_tokens_total',
  savedCost: 'llm_cache_saved_cost_usd_total',
  buildInfo: 'llm_cache_build_info',
  storeErrors: 'llm_cache_store_errors_total',
  writesSkipped: 'llm_cache_writes_skipped_total',
  verifications: 'llm_cache_semantic_verifications_total',
  circuitState: 'llm_cache_circuit_state',
  forwarded: 'llm_cache_forwarded_requests_total',
  semanticEvictions: 'llm_cache_semantic_evictions_total',
  similarity: 'llm_cache_semantic_similarity',
} as const;

/**
 * A semantic lookup's nearest candidate and what became of it: `served` (at or above the
 * threshold), `verified` (served once the verifier accepted it), `rejected` (the verifier turned it
 * down or failed), `entry_threshold` (below its entry's own learnt threshold), `near_miss` (below the
 * band's floor, within NEAR_MISS_WINDOW of it).
 */
export const SIMILARITY_DECISIONS = ['served', 'verified', 'rejected', 'entry_threshold', 'near_miss'] as const;
export type SimilarityDecision = (typeof SIMILARITY_DECISIONS)[number];
/** Cosine similarity buckets (upper edges, inclusive) of llm_cache_semantic_similarity. */
export const SIMILARITY_BUCKETS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.875, 0.9, 0.925, 0.95, 0.975, 0.99, 1];

/** Seconds; from sub-millisecond cache hits to slow LLM answers. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Layers that hold answers: `exact` (Redis `prompt_cache:*`), `semantic` (`embed_cache:*`) and
 * `embeddings`, the cached `/v1/embeddings` answers (exact entries under `embeddings_cache:*`).
 */
export type CacheLayer = 'exact' | 'semantic' | 'embeddings';
/** Lookup layers: the answer layers plus `embedder_cache`, the vector cache in front of a remote embedder. */
export type LookupLayer = CacheLayer | 'embedder_cache';
/** The /v1 proxy routes whose answers go through the cache. */
export const PROXY_ROUTES = ['chat', 'responses', 'embeddings', 'messages'] as const;
export type ProxyRoute = (typeof PROXY_ROUTES)[number];
/**
 * The /v1 routes the proxy forwards without the cache: `models` (GET /v1/models) and `other`, every
 * route without a front end of its own (a bounded label: never the path).
 */
export type ForwardedRoute = 'models' | 'other';
/** Where an answer was served: POST /ask or a proxy route. */
export type AnswerRoute = 'ask' | ProxyRoute;
export type LookupResult = 'hit' | 'miss';
export type LlmOutcome = 'success' | 'error' | 'timeout';
/** Which part of the cache failed; such failures are served as misses. */
export type StoreComponent =
  'exact_store' | 'semantic_store' | 'embeddings_store' | 'embedder_cache_store' | 'embedder';
/** Which verifier judged a semantic candidate (SEMANTIC_VERIFIER). */
export type VerifierLabel = 'guard' | 'llm' | 'none';
/** A verifier's decision on a semantic candidate; `error` is served as a miss. */
export type VerificationDecision = 'accepted' | 'rejected' | 'error';
/** The dependencies behind a circuit breaker. */
export type CircuitDependency = 'embedder' | 'upstream' | 'anthropic' | 'redis';
/** A breaker's state; the gauge holds 0 closed, 1 open, 2 half-open (a probe call under way). */
export type CircuitStateName = 'closed' | 'open' | 'half-open';
/** Which bound evicted semantic entries: SEMANTIC_MAX_ENTRIES, or SEMANTIC_MAX_TOTAL_ENTRIES (in process also CACHE_MAX_ENTRIES). */
export type SemanticEvictionReason = 'per_namespace' | 'global';
