import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { boundLabels } from './bound-labels';
import { HitSaving, SavingsService } from './savings.service';
import { AnswerSource } from '../common/answer-source';
import { WriteSkipReason } from '../common/cached-answer';
import {
  SimilarityDecision,
  AnswerRoute,
  CacheLayer,
  CircuitDependency,
  CircuitStateName,
  ForwardedRoute,
  LlmOutcome,
  LookupLayer,
  LookupResult,
  METRIC,
  ProxyRoute,
  SemanticEvictionReason,
  StoreComponent,
  VerificationDecision,
  VerifierLabel,
} from './metrics.constants';

const CIRCUIT_STATE_VALUE: Record<CircuitStateName, number> = { closed: 0, open: 1, 'half-open': 2 };

const TOKENS_SAVED_LAYER = { prompt_cache: 'exact', semantic_cache: 'semantic', coalesced: 'coalesced' } as const;

/** Counts the entries of one layer; called at scrape time. */
export type EntryCounter = () => Promise<number>;
/** The semantic layer's own analytics for /metrics/json (kept by the layer, read at scrape time). */
export type SemanticAnalyticsReader = () => Record<string, unknown>;

/**
 * Intent-level recording API: the rest of the service says what happened
 * (`recordLookup('semantic', 'hit')`), only this module knows about prom-client.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private readonly entryCounters = new Map<CacheLayer, EntryCounter>();
  private semanticAnalytics: SemanticAnalyticsReader = () => ({});
  // Label order follows each metric's labelNames in metrics.providers.ts.
  private readonly httpRequestsBy;
  private readonly lookupsBy;
  private readonly lookupDurationBy;
  private readonly askDurationBy;
  private readonly proxyDurationBy;
  private readonly answersBy;

  constructor(
    @InjectMetric(METRIC.httpRequests) private readonly httpRequests: Counter,
    @InjectMetric(METRIC.lookups) private readonly lookups: Counter,
    @InjectMetric(METRIC.llmCalls) private readonly llmCalls: Counter,
    @InjectMetric(METRIC.tokensSaved) private readonly tokensSaved: Counter,
    @InjectMetric(METRIC.storeErrors) private readonly storeErrors: Counter,
    @InjectMetric(METRIC.answers) private readonly answers: Counter,
    @InjectMetric(METRIC.writesSkipped) private readonly writesSkipped: Counter,
    @InjectMetric(METRIC.verifications) private readonly verifications: Counter,
    @InjectMetric(METRIC.similarity) private readonly similarity: Histogram,
    @InjectMetric(METRIC.forwarded) private readonly forwarded: Counter,
    @InjectMetric(METRIC.semanticEvictions) private readonly semanticEvictions: Counter,
    @InjectMetric(METRIC.askDuration) private readonly askDuration: Histogram,
    @InjectMetric(METRIC.proxyDuration) private readonly proxyDuration: Histogram,
    @InjectMetric(METRIC.lookupDuration) private readonly lookupDuration: Histogram,
    @InjectMetric(METRIC.embeddingDuration) private readonly embeddingDuration: Histogram,
    @InjectMetric(METRIC.llmDuration) private readonly llmDuration: Histogram,
    @InjectMetric(METRIC.entries) private readonly entries: Gauge,
    @InjectMetric(METRIC.circuitState) private readonly circuitState: Gauge,
    private readonly savings: SavingsService,
  ) {
    this.httpRequestsBy = boundLabels((...v) => httpRequests.labels(...v));
    this.lookupsBy = boundLabels((...v) => lookups.labels(...v));
    this.lookupDurationBy = boundLabels((...v) => lookupDuration.labels(...v));
    this.askDurationBy = boundLabels((...v) => askDuration.labels(...v));
    this.proxyDurationBy = boundLabels((...v) => proxyDuration.labels(...v));
    this.answersBy = boundLabels((...v) => answers.labels(...v));
  }

  recordHttpRequest(method: string, route: string, status: number): void {
    this.httpRequestsBy(method, route, String(status)).inc();
  }

  recordLookup(layer: LookupLayer, result: LookupResult, seconds: number): void {
    this.lookupsBy(layer, result).inc();
    this.lookupDurationBy(layer).observe(seconds);
  }

  /**
   * One POST /ask answer: the /ask latency histogram, the served-answer count and, unless the LLM
   * produced it, what it saved (`answer`: the stored answer's namespace, model and usage).
   */
  recordAnswer(source: AnswerSource, seconds: number, answer?: HitSaving): void {
    this.askDurationBy(source).observe(seconds);
    this.served('ask', source, answer);
  }

  /** One /v1 proxy answer: the proxy's own latency histogram, so /ask latency stays /ask only. */
  recordProxyAnswer(route: ProxyRoute, source: AnswerSource, seconds: number, answer?: HitSaving): void {
    this.proxyDurationBy(route, source).observe(seconds);
    this.served(route, source, answer);
  }

  private served(route: AnswerRoute, source: AnswerSource, answer: HitSaving | undefined): void {
    this.answersBy(route, source).inc();
    if (source === 'llm' || !answer) return;
    if (answer.tokens > 0) this.tokensSaved.inc({ layer: TOKENS_SAVED_LAYER[source] }, answer.tokens);
    this.savings.record(answer);
  }

  /** One request the /v1 proxy forwarded without the cache: not an answer, so no hit rate moves. */
  recordForwarded(route: ForwardedRoute, outcome: LlmOutcome): void {
    this.forwarded.inc({ route, outcome });
  }

  recordLlmCall(outcome: LlmOutcome, seconds: number): void {
    this.llmCalls.inc({ outcome });
    this.llmDuration.observe(seconds);
  }

  recordEmbedding(seconds: number): void {
    this.embeddingDuration.observe(seconds);
  }

  recordStoreError(component: StoreComponent): void {
    this.storeErrors.inc({ component });
  }

  /** A fresh answer the write gates kept out of a layer (`exact`: out of both). */
  recordWriteSkipped(layer: 'exact' | 'semantic', reason: WriteSkipReason): void {
    this.writesSkipped.inc({ layer, reason });
  }

  /** A verifier's decision on a semantic candidate (an `llm` verification is an LLM call too, not an answer). */
  recordVerification(verifier: VerifierLabel, decision: VerificationDecision): void {
    this.verifications.inc({ verifier, decision });
  }

  /** Semantic entries evicted by least-recent use beyond a bound. */
  recordSemanticEvictions(reason: SemanticEvictionReason, count: number): void {
    this.semanticEvictions.inc({ reason }, count);
  }

  /** A circuit breaker's state as it changes (and once at start, so the gauge exists while closed). */
  recordCircuitState(dependency: CircuitDependency, state: CircuitStateName): void {
    this.circuitState.set({ dependency }, CIRCUIT_STATE_VALUE[state]);
  }

  /** The similarity of a semantic lookup's nearest candidate, and what became of it. */
  recordSemanticCandidate(decision: SimilarityDecision, similarity: number): void {
    this.similarity.observe({ decision }, similarity);
  }

  /** The semantic layer registers its analytics (top entries, near misses) for /metrics/json. */
  registerSemanticAnalytics(reader: SemanticAnalyticsReader): void {
    this.semanticAnalytics = reader;
  }

  /** The registered semantic analytics; `{}` before the layer registers. */
  readSemanticAnalytics(): Record<string, unknown> {
    return this.semanticAnalytics();
  }

  /** Each cache layer registers how to count its entries; counted lazily at scrape time. */
  registerEntryCounter(layer: CacheLayer, counter: EntryCounter): void {
    this.entryCounters.set(layer, counter);
  }

  async refreshEntryGauges(): Promise<void> {
    await Promise.all(
      [...this.entryCounters].map(async ([layer, count]) => {
        try {
          this.entries.set({ layer }, await count());
        } catch (error) {
          this.logger.warn(`Counting ${layer} entries failed: ${(error as Error).message}`);
        }
      }),
    );
  }
}
