import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';
import { LATENCY_BUCKETS, METRIC, SIMILARITY_BUCKETS } from './metrics.constants';

const latency = (name: string, help: string, labelNames: string[] = []) =>
  makeHistogramProvider({ name, help, labelNames, buckets: LATENCY_BUCKETS });

/** Every metric the service exports, registered with prom-client's default registry. */
export const metricProviders = [
  makeCounterProvider({
    name: METRIC.httpRequests,
    help: 'HTTP requests served, by route template, method and status',
    labelNames: ['method', 'route', 'status'],
  }),
  makeCounterProvider({
    name: METRIC.lookups,
    help: 'Cache lookups by layer (exact, semantic, embeddings, embedder_cache) and result (hit, miss)',
    labelNames: ['layer', 'result'],
  }),
  makeCounterProvider({
    name: METRIC.llmCalls,
    help: 'Calls to the LLM upstream by outcome (success, error, timeout)',
    labelNames: ['outcome'],
  }),
  makeCounterProvider({
    name: METRIC.tokensSaved,
    help: 'Deprecated, use llm_cache_saved_tokens_total: completion tokens served from cache, by layer',
    labelNames: ['layer'],
  }),
  makeCounterProvider({
    name: METRIC.savedTokens,
    help: 'Tokens cache hits did not spend upstream, by kind (input, output) and priced model (else other)',
    labelNames: ['kind', 'model'],
  }),
  makeCounterProvider({
    name: METRIC.savedCost,
    help: 'US dollars cache hits did not spend upstream (PRICES_FILE or the built-in price table), by priced model (else other)',
    labelNames: ['model'],
  }),
  makeGaugeProvider({
    name: METRIC.buildInfo,
    help: 'Always 1; the labels name the running version and Node.js',
    labelNames: ['version', 'node_version'],
  }),
  makeCounterProvider({
    name: METRIC.storeErrors,
    help: 'Cache backend failures served as misses, by component',
    labelNames: ['component'],
  }),
  makeCounterProvider({
    name: METRIC.writesSkipped,
    help: 'Fresh answers the write gates kept out of a layer, by layer and reason (length, tool_calls...)',
    labelNames: ['layer', 'reason'],
  }),
  makeHistogramProvider({
    name: METRIC.similarity,
    help: "Similarity of each semantic lookup's nearest candidate, by decision (served, verified, rejected, entry_threshold, near_miss)",
    labelNames: ['decision'],
    buckets: SIMILARITY_BUCKETS,
  }),
  makeCounterProvider({
    name: METRIC.semanticEvictions,
    help: 'Semantic entries this replica evicted by least-recent use, by reason (per_namespace, global)',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: METRIC.verifications,
    help: 'Semantic candidates judged by the verifier, by verifier (guard, llm) and decision (accepted, rejected, error)',
    labelNames: ['verifier', 'decision'],
  }),
  makeCounterProvider({
    name: METRIC.answers,
    help: 'Answers served, by route (ask, chat, responses, embeddings) and source (prompt_cache, semantic_cache, coalesced, llm)',
    labelNames: ['route', 'source'],
  }),
  makeCounterProvider({
    name: METRIC.forwarded,
    help: 'Requests forwarded by the /v1 proxy without the cache, by route (models, other) and outcome (success, error, timeout)',
    labelNames: ['route', 'outcome'],
  }),
  latency(METRIC.askDuration, 'Whole POST /ask latency by the layer that answered', ['source']),
  latency(METRIC.proxyDuration, 'Whole /v1 proxy latency until the answer starts, by route and source', [
    'route',
    'source',
  ]),
  latency(METRIC.lookupDuration, 'Cache lookup latency by layer', ['layer']),
  latency(METRIC.embeddingDuration, 'Time to embed one question'),
  latency(METRIC.llmDuration, 'Time of one LLM completion, retries included'),
  makeGaugeProvider({
    name: METRIC.entries,
    help: 'Entries currently held, by layer (exact and embeddings keys in Redis: a SCAN, reused for up to a minute)',
    labelNames: ['layer'],
  }),
  makeGaugeProvider({
    name: METRIC.circuitState,
    help: 'Circuit breaker state by dependency (embedder, upstream, redis): 0 closed, 1 open, 2 half-open',
    labelNames: ['dependency'],
  }),
];
