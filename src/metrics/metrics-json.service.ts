import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';
import { CacheLayer, LookupLayer, METRIC } from './metrics.constants';
import { MetricsService } from './metrics.service';
import { hitRate, LatencySummary, summarizeLatency, sumWhere } from './metrics-snapshot';

interface LayerLookups {
  hits: number;
  misses: number;
  hitRate: number | null;
}

/** What GET /metrics/json returns: the Prometheus figures, summed and rated for people and scripts. */
export interface MetricsJson {
  asks: { total: number; bySource: { prompt_cache: number; semantic_cache: number; coalesced: number; llm: number } };
  /**
   * `embeddings`: cached `/v1/embeddings` answers; `embedderCache`: the vector cache in front of a
   * remote embedder (all zero with the lexical one). `prompt` and `embedding` are deprecated aliases
   * of `exact` and `embedderCache`, kept for existing dashboards.
   */
  lookups: Record<'exact' | 'semantic' | 'embeddings' | 'embedderCache' | 'prompt' | 'embedding', LayerLookups>;
  /** Share of asks answered from either cache layer; null before the first ask. */
  overallHitRate: number | null;
  llm: { calls: number; errors: number; callsAvoided: number };
  /** Lookup latency of `exact`, `semantic`, `embeddings` (`prompt`: deprecated alias of `exact`); `embedding`: embedding one question. */
  latencyMs: Record<'ask' | 'exact' | 'semantic' | 'embeddings' | 'embedding' | 'llm' | 'prompt', LatencySummary>;
  /** `prompt`: deprecated alias of `exact`. */
  entries: Record<'exact' | 'semantic' | 'embeddings' | 'prompt', number>;
  tokensSaved: number;
  storeErrors: number;
}

@Injectable()
export class MetricsJsonService {
  constructor(private readonly metrics: MetricsService) {}

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
    const [lookups, llmCalls, entries, tokens, storeErrors] = await Promise.all(
      [METRIC.lookups, METRIC.llmCalls, METRIC.entries, METRIC.tokensSaved, METRIC.storeErrors].map((n) =>
        this.values(n),
      ),
    );
    const askHistogram = await this.read(METRIC.askDuration);
    const lookupHistogram = await this.read(METRIC.lookupDuration);
    const asksBy = (source: string) =>
      sumWhere(
        askHistogram.values.filter((v) => v.metricName?.endsWith('_count')),
        { source },
      );
    const layer = (name: LookupLayer): LayerLookups => {
      const hits = sumWhere(lookups, { layer: name, result: 'hit' });
      const misses = sumWhere(lookups, { layer: name, result: 'miss' });
      return { hits, misses, hitRate: hitRate(hits, misses) };
    };
    const bySource = {
      prompt_cache: asksBy('prompt_cache'),
      semantic_cache: asksBy('semantic_cache'),
      coalesced: asksBy('coalesced'),
      llm: asksBy('llm'),
    };
    const avoided = bySource.prompt_cache + bySource.semantic_cache + bySource.coalesced;
    const latencyOf = (name: LookupLayer) =>
      summarizeLatency({ ...lookupHistogram, values: lookupHistogram.values.filter((v) => v.labels.layer === name) });
    const entriesOf = (name: CacheLayer) => sumWhere(entries, { layer: name });
    const exact = { lookups: layer('exact'), latency: latencyOf('exact'), entries: entriesOf('exact') };
    const embedderCache = layer('embedder_cache');
    return {
      asks: { total: avoided + bySource.llm, bySource },
      lookups: {
        exact: exact.lookups,
        semantic: layer('semantic'),
        embeddings: layer('embeddings'),
        embedderCache,
        prompt: exact.lookups,
        embedding: embedderCache,
      },
      overallHitRate: hitRate(avoided, bySource.llm),
      llm: {
        calls: sumWhere(llmCalls),
        errors: sumWhere(llmCalls) - sumWhere(llmCalls, { outcome: 'success' }),
        callsAvoided: avoided,
      },
      latencyMs: {
        ask: summarizeLatency(askHistogram),
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
      storeErrors: sumWhere(storeErrors),
    };
  }
}
