import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';
import { CacheLayer, LookupLayer, METRIC, PROXY_ROUTES, ProxyRoute } from './metrics.constants';
import { MetricsService } from './metrics.service';
import { SavedBy, SavingsService } from './savings.service';
import { hitRate, LatencySummary, summarizeLatency, sumWhere } from './metrics-snapshot';

interface LayerLookups {
  hits: number;
  misses: number;
  hitRate: number | null;
}

/** Answers served, by the /ask `source` values (a response contract, hence not renamed). */
interface AnswersBySource {
  prompt_cache: number;
  semantic_cache: number;
  coalesced: number;
  llm: number;
}

/** What GET /metrics/json returns: the Prometheus figures, summed and rated for people and scripts. */
export interface MetricsJson {
  /** POST /ask answers only. */
  asks: { total: number; bySource: AnswersBySource };
  /** /v1 proxy answers (chat completions, responses, Anthropic messages and embeddings). */
  proxy: { total: number; byRoute: Record<ProxyRoute, number>; bySource: AnswersBySource };
  /**
   * `embeddings`: cached `/v1/embeddings` answers; `embedderCache`: the vector cache in front of a
   * remote embedder (all zero with the lexical one). `prompt` and `embedding` are deprecated aliases
   * of `exact` and `embedderCache`, kept for existing dashboards.
   */
  lookups: Record<'exact' | 'semantic' | 'embeddings' | 'embedderCache' | 'prompt' | 'embedding', LayerLookups>;
  /** Share of answers (/ask and proxy) served from a cache layer or coalesced; null before the first answer. */
  overallHitRate: number | null;
  /** `callsAvoided`: answers of /ask and the proxy that did not call the LLM (hits and coalesced). */
  llm: { calls: number; errors: number; callsAvoided: number };
  /**
   * `ask`, `proxy`: whole requests; `exact`, `semantic`, `embeddings`: lookups (`prompt`: deprecated
   * alias of `exact`); `embedding`: embedding one question; `llm`: one completion.
   */
  latencyMs: Record<
    'ask' | 'proxy' | 'exact' | 'semantic' | 'embeddings' | 'embedding' | 'llm' | 'prompt',
    LatencySummary
  >;
  /** `prompt`: deprecated alias of `exact`. */
  entries: Record<'exact' | 'semantic' | 'embeddings' | 'prompt', number>;
  /** Deprecated, use `saved.outputTokens`: completion tokens served from cache. */
  tokensSaved: number;
  /**
   * What hits did not spend upstream since start: tokens, and US dollars at the price table's rates
   * (`llm_cache_saved_cost_usd_total`); `byNamespace` splits it per namespace and model (this replica only).
   */
  saved: { inputTokens: number; outputTokens: number; costUsd: number; byNamespace: SavedBy[] };
  storeErrors: number;
  /** Semantic candidates judged by the verifier (SEMANTIC_VERIFIER), by decision; `error` was served as a miss. */
  verifications: { accepted: number; rejected: number; error: number };
  /**
   * The semantic layer's analytics, counted by this replica since its start: similarity histogram of
   * nearest candidates by decision, near misses, top entries by hits served, entries never hit.
   */
  semantic: Record<string, unknown>;
}

function bySource(answers: MetricValue<string>[], labels: Record<string, string> = {}): AnswersBySource {
  const count = (source: string) => sumWhere(answers, { ...labels, source });
  return {
    prompt_cache: count('prompt_cache'),
    semantic_cache: count('semantic_cache'),
    coalesced: count('coalesced'),
    llm: count('llm'),
  };
}

const totalOf = (sources: AnswersBySource) =>
  sources.prompt_cache + sources.semantic_cache + sources.coalesced + sources.llm;

@Injectable()
export class MetricsJsonService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly savings: SavingsService,
  ) {}

  private async read(name: string): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const metric = register.getSingleMetric(name);
    if (!metric) throw new Error(`Metric ${name} is not registered`);
    return await metric.get();
  }

  private async values(name: string): Promise<MetricValue<string>[]> {
    return (await this.read(name)).values;
  }

  async snapshot(): Promise<MetricsJson> {
    await this.metrics.refreshEntryGauges();
    const [answers, lookups, llmCalls, entries, tokens, storeErrors, verifications, savedTokens, savedCost] =
      await Promise.all(
        [
          METRIC.answers,
          METRIC.lookups,
          METRIC.llmCalls,
          METRIC.entries,
          METRIC.tokensSaved,
          METRIC.storeErrors,
          METRIC.verifications,
          METRIC.savedTokens,
          METRIC.savedCost,
        ].map((n) => this.values(n)),
      );
    const lookupHistogram = await this.read(METRIC.lookupDuration);
    const layer = (name: LookupLayer): LayerLookups => {
      const hits = sumWhere(lookups, { layer: name, result: 'hit' });
      const misses = sumWhere(lookups, { layer: name, result: 'miss' });
      return { hits, misses, hitRate: hitRate(hits, misses) };
    };
    const latencyOf = (name: LookupLayer) =>
      summarizeLatency({ ...lookupHistogram, values: lookupHistogram.values.filter((v) => v.labels.layer === name) });
    const entriesOf = (name: CacheLayer) => sumWhere(entries, { layer: name });
    const exact = { lookups: layer('exact'), latency: latencyOf('exact'), entries: entriesOf('exact') };
    const embedderCache = layer('embedder_cache');
    const asks = bySource(answers, { route: 'ask' });
    const byRoute = Object.fromEntries(
      PROXY_ROUTES.map((route) => [route, totalOf(bySource(answers, { route }))]),
    ) as Record<ProxyRoute, number>;
    const all = bySource(answers);
    const avoided = all.prompt_cache + all.semantic_cache + all.coalesced;
    return {
      asks: { total: totalOf(asks), bySource: asks },
      proxy: {
        total: PROXY_ROUTES.reduce((sum, route) => sum + byRoute[route], 0),
        byRoute,
        bySource: bySource(answers.filter((v) => v.labels.route !== 'ask')),
      },
      lookups: {
        exact: exact.lookups,
        semantic: layer('semantic'),
        embeddings: layer('embeddings'),
        embedderCache,
        prompt: exact.lookups,
        embedding: embedderCache,
      },
      overallHitRate: hitRate(avoided, all.llm),
      llm: {
        calls: sumWhere(llmCalls),
        errors: sumWhere(llmCalls) - sumWhere(llmCalls, { outcome: 'success' }),
        callsAvoided: avoided,
      },
      latencyMs: {
        ask: summarizeLatency(await this.read(METRIC.askDuration)),
        proxy: summarizeLatency(await this.read(METRIC.proxyDuration)),
        exact: exact.latency,
        semantic: latencyOf('semantic'),
        embeddings: latencyOf('embeddings'),
        embedding: summarizeLatency(await this.read(METRIC.embeddingDuration)),
        llm: summarizeLatency(await this.read(METRIC.llmDuration)),
        prompt: exact.latency,
      },
      entries: {
        exact: exact.entries,
        semantic: entriesOf('semantic'),
        embeddings: entriesOf('embeddings'),
        prompt: exact.entries,
      },
      tokensSaved: sumWhere(tokens),
      saved: {
        inputTokens: sumWhere(savedTokens, { kind: 'input' }),
        outputTokens: sumWhere(savedTokens, { kind: 'output' }),
        costUsd: sumWhere(savedCost),
        byNamespace: this.savings.byNamespaceAndModel(),
      },
      storeErrors: sumWhere(storeErrors),
      verifications: {
        accepted: sumWhere(verifications, { decision: 'accepted' }),
        rejected: sumWhere(verifications, { decision: 'rejected' }),
        error: sumWhere(verifications, { decision: 'error' }),
      },
      semantic: this.metrics.readSemanticAnalytics(),
    };
  }
}
