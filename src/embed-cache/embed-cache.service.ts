import { Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CachedAnswer } from '../common/cached-answer';
import { Deadline } from '../common/deadline';
import { withTimeout } from '../common/with-timeout';
import { EmbedConfig } from '../config/embed.config';
import { MetricsService } from '../metrics/metrics.service';
import { Embedder } from '../embedding/embedder.port';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { CircuitBreakers } from '../resilience/circuit-breakers.service';
import { CircuitOpenError } from '../resilience/circuit-open.error';
import { semanticEntryId, semanticPartition } from './semantic-partition';
import { SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index/vector-index.port';
import { HitVerification, VerifiedMatch } from './verifier/hit-verification.service';
import { CACHE_ATTR, lookupAttributes } from '../tracing/cache-attributes';
import { inSpan, SPAN } from '../tracing/tracer';
import { CalibrationResult, EntryCalibrationService } from './calibration/entry-calibration.service';
import { cosineOfUnitVectors } from '../vector-index/vector-math';
import { LlmUnavailableError } from '../common/errors/llm.errors';
import { SimilarityDecision } from '../metrics/metrics.constants';
import { embedKey } from '../vector-index/embed-entry-codec';
import { SimilarityStats } from './analytics/similarity-stats';
import { ThresholdReport, thresholdReport } from './analytics/threshold-report';
import { semanticAnalyticsJson } from './analytics/semantic-analytics-json';
import { NamespaceSettingsService } from './governance/namespace-settings.service';

/** How far below the floor a nearest candidate still counts as a near miss (counted, never served). */
export const NEAR_MISS_WINDOW = 0.05;

export interface SemanticQuery {
  namespace: string;
  model: string;
  /** The normalised question: the only text compared by similarity. */
  question: string;
  /** Partition context beyond model and embedder (see semanticPartition); '' by default. */
  context?: string;
  /** A stricter threshold for this request (no uncertainty band below it); ignored when below the configured one. */
  minSimilarity?: number;
  /** The request's deadline: the embedding waits no longer than it (nor EMBED_TIMEOUT_MS). */
  deadline?: Deadline;
}

/** A caller's report on a semantic hit (POST /cache/entries/{key}/feedback). */
export interface FeedbackReport {
  correct: boolean;
  question?: string;
  similarity?: number;
}

export interface SemanticLookup {
  /** The question's vector, kept so storing the answer later needs no second embedding; undefined if embedding failed. */
  vector?: Float32Array;
  hit?: VerifiedMatch;
}

/**
 * The semantic layer: embed the question, find the nearest cached question of the same
 * namespace and partition at or above the threshold, or in the uncertainty band below it if the
 * verifier accepts it. Any failure (embedder down or slow, store error, verifier error) is logged,
 * counted and served as a miss; once the embedder's circuit breaker is open, the layer is a miss at
 * once, without calling it.
 */
@Injectable()
export class EmbedCacheService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmbedCacheService.name);
  /** Cosine similarity a match needs: EMBED_SIM_THRESHOLD, else the embedder's default. */
  readonly threshold: number;
  private loadState: 'loading' | 'loaded' | 'failed' = 'loading';
  /** Settles when the boot load ends, either way (the e2e harness waits on it, as a readiness probe would). */
  private loading: Promise<void> = Promise.resolve();
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly embedder: Embedder,
    private readonly index: VectorIndex,
    private readonly config: EmbedConfig,
    private readonly metrics: MetricsService,
    private readonly verification: HitVerification,
    breakers: CircuitBreakers,
    private readonly calibration: EntryCalibrationService,
    @Optional() private readonly namespaces?: NamespaceSettingsService,
    @Optional() readonly analytics: SimilarityStats = new SimilarityStats(),
  ) {
    this.threshold = config.similarityThreshold ?? embedder.defaultThreshold;
    this.breaker = breakers.for('embedder');
  }

  /**
   * Loads the index in the background: the process is live at once (a large index must not fail
   * liveness probes), and /health/ready reports not ready until the load has finished.
   */
  onApplicationBootstrap(): void {
    // The analytics read the count of the last scrape: the reader is synchronous.
    let entries: number | undefined;
    this.metrics.registerEntryCounter('semantic', async () => (entries = await this.index.size()));
    this.metrics.registerSemanticAnalytics(() => semanticAnalyticsJson(this.analytics, entries));
    this.loading = this.index.load().then(
      () => void (this.loadState = 'loaded'),
      (error: Error) => {
        this.loadState = 'failed';
        this.logger.error(
          `Loading the semantic index failed; the semantic layer serves only new entries: ${error.message}`,
        );
      },
    );
  }

  /** 'loading' until the persisted entries are in the index; 'failed' if that load failed. */
  get state(): 'loading' | 'loaded' | 'failed' {
    return this.loadState;
  }

  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /** True with SEMANTIC_VERIFY=all and a verifier: no semantic answer may be shared unverified. */
  get verifiesEveryHit(): boolean {
    return this.verification.verifiesEveryHit;
  }

  /** The nearest admitted match, in its span (`llm_cache.lookup.semantic`: embed, vector search, verify). */
  lookup(query: SemanticQuery): Promise<SemanticLookup> {
    return inSpan(SPAN.semantic, async (span) => {
      const found = await this.find(query);
      if (span.isRecording())
        span.setAttributes(
          lookupAttributes('semantic', query.namespace, found.hit !== undefined, found.hit?.similarity),
        );
      return found;
    });
  }

  private async find({
    namespace,
    model,
    question,
    context = '',
    minSimilarity = 0,
    deadline,
  }: SemanticQuery): Promise<SemanticLookup> {
    const started = performance.now();
    const vector = await this.vectorOf(question, deadline);
    let hit: VerifiedMatch | undefined;
    if (vector) {
      this.analytics.lookup(namespace);
      hit = await this.match(
        { namespace, partition: this.partitionOf(model, context), vector },
        question,
        minSimilarity,
      );
    }
    this.metrics.recordLookup('semantic', hit ? 'hit' : 'miss', (performance.now() - started) / 1000);
    return { vector, hit };
  }

  /** The index's nearest candidate in its span; undefined on a store error (logged, counted). */
  private nearest(search: Parameters<VectorIndex['nearest']>[0]): Promise<SemanticMatch | undefined> {
    return inSpan(SPAN.vectorSearch, async (span) => {
      try {
        const candidate = await this.index.nearest(search);
        if (candidate && span.isRecording()) span.setAttribute(CACHE_ATTR.similarity, candidate.similarity);
        return candidate;
      } catch (error) {
        this.failed('semantic_store', 'lookup', error);
        return undefined;
      }
    });
  }

  /**
   * The nearest candidate as a hit, or undefined; looks NEAR_MISS_WINDOW below the floor so that
   * near misses are counted (the threshold report and llm_cache_semantic_similarity).
   */
  private async match(
    where: { namespace: string; partition: string; vector: Float32Array },
    question: string,
    requested: number,
  ): Promise<VerifiedMatch | undefined> {
    const { threshold, band } = this.settingsOf(where.namespace);
    const floor = this.verification.floor(threshold, requested, band);
    const candidate = await this.nearest({ ...where, minSimilarity: floor - NEAR_MISS_WINDOW, record: false });
    if (!candidate) return undefined;
    let hit: VerifiedMatch | undefined;
    let decision: SimilarityDecision;
    if (candidate.similarity < floor) decision = 'near_miss';
    else if (candidate.similarity < (candidate.entry.calibration?.minSimilarity ?? 0)) decision = 'entry_threshold';
    else {
      hit = await this.verification.admit(question, candidate, threshold, requested, band);
      decision = hit ? (hit.verified ? 'verified' : 'served') : 'rejected';
    }
    this.analytics.candidate(where.namespace, decision, candidate.similarity, floor);
    this.metrics.recordSemanticCandidate(decision, candidate.similarity);
    if (hit) {
      void this.index.recordHit(hit);
      this.analytics.hit(embedKey(where.namespace, hit.entry.id));
    }
    return hit;
  }

  /** The namespace's threshold and band (SEMANTIC_NAMESPACE_SETTINGS_FILE), else the global ones. */
  settingsOf(namespace: string): { threshold: number; band: number; ttlSeconds?: number } {
    const own = this.namespaces?.for(namespace) ?? {};
    return {
      threshold: own.threshold ?? this.threshold,
      band: own.band ?? this.verification.band,
      ttlSeconds: own.ttlSeconds,
    };
  }

  /** Stores an answer under the vector computed at lookup; without one (embedding failed) the layer skips it. */
  /** @param ttlSeconds this entry's lifetime; default CACHE_TTL. */
  async save(
    namespace: string,
    answer: CachedAnswer,
    vector: Float32Array | undefined,
    context = '',
    ttlSeconds?: number,
  ): Promise<void> {
    if (!vector) return;
    const partition = this.partitionOf(answer.model, context);
    ttlSeconds ??= this.settingsOf(namespace).ttlSeconds;
    const entry = {
      ...answer,
      namespace,
      partition,
      embedderId: this.embedder.id,
      vector,
      id: semanticEntryId(partition, answer.question),
    };
    try {
      await this.index.upsert(entry, ttlSeconds);
    } catch (error) {
      this.failed('semantic_store', 'write', error);
    }
  }

  /** This layer's entries (one namespace, or all), lazily. Failures reject: listing is an admin action. */
  entries(namespace?: string): AsyncIterable<SemanticEntry> {
    return this.index.entries(namespace);
  }

  /**
   * Stores an entry exactly as exported (vector, partition and id included), for `llm-cache import`;
   * an entry past its expiry is skipped. Resolves whether it was stored. Failures reject.
   */
  async restore(entry: SemanticEntry, now = Date.now()): Promise<boolean> {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) return false;
    const ttlSeconds = entry.expiresAt === undefined ? 0 : Math.max(1, Math.ceil((entry.expiresAt - now) / 1000));
    await this.index.upsert(entry, ttlSeconds);
    return true;
  }

  /**
   * A caller's report on a hit this entry served: `question` is the question that got it (embedded
   * to find the similarity it matched at) unless `similarity` is given. Resolves undefined when the
   * entry is gone; rejects with E_LLM_UNAVAILABLE when the question cannot be embedded.
   */
  async feedback(namespace: string, id: string, report: FeedbackReport): Promise<CalibrationResult | undefined> {
    const entry = await this.index.get(namespace, id);
    if (!entry) return undefined;
    this.analytics.report(namespace, report.correct);
    let similarity = report.similarity;
    if (similarity === undefined) {
      const vector = await this.vectorOf(report.question ?? '');
      if (!vector) throw new LlmUnavailableError('The question could not be embedded; send its similarity instead', 1);
      similarity = cosineOfUnitVectors(vector, entry.vector);
    }
    const outcome = { similarity, correct: report.correct, source: 'feedback' as const };
    const { threshold, band } = this.settingsOf(namespace);
    const result = await this.calibration.learn(entry, outcome, this.verification.floor(threshold, 0, band));
    if (result.evicted) this.analytics.forget(embedKey(namespace, id));
    return result;
  }

  /** GET /cache/threshold-report: the namespace as this replica saw it, with a recommended threshold. */
  thresholdReport(namespace: string): ThresholdReport {
    const { threshold, band } = this.settingsOf(namespace);
    const stats = this.analytics.namespace(namespace) ?? new SimilarityStats().total();
    return thresholdReport(namespace, stats, { threshold, band, maxErrorRate: this.calibration.maxErrorRate });
  }

  /** Deletes one entry; resolves whether it existed. */
  delete(namespace: string, id: string): Promise<boolean> {
    return this.index.delete(namespace, id);
  }

  /** Deletes this layer's entries (one namespace, or all); touches no other key. */
  clear(namespace?: string): Promise<number> {
    return this.index.clear(namespace);
  }

  /** The partition a question of this model and context is compared within (see semanticPartition). */
  partitionOf(model: string, context: string): string {
    return semanticPartition({ model, embedderId: this.embedder.id, context });
  }

  /**
   * The question's vector, or undefined when the embedder failed or took longer than
   * EMBED_TIMEOUT_MS or what is left of `deadline` (logged and counted), or when its circuit
   * breaker is open (at once).
   */
  vectorOf(question: string, deadline?: Deadline): Promise<Float32Array | undefined> {
    return inSpan(SPAN.embed, () => this.embed(question, deadline));
  }

  private async embed(question: string, deadline?: Deadline): Promise<Float32Array | undefined> {
    const timeoutMs = deadline ? deadline.cap(this.config.timeoutMs) : this.config.timeoutMs;
    if (timeoutMs === 0) return undefined;
    const started = performance.now();
    try {
      const vector = await this.breaker.execute(() =>
        withTimeout(this.embedder.embed(question), timeoutMs, 'Embedding'),
      );
      this.metrics.recordEmbedding((performance.now() - started) / 1000);
      return vector;
    } catch (error) {
      if (!(error instanceof CircuitOpenError)) this.failed('embedder', 'embed', error);
      return undefined;
    }
  }

  private failed(component: 'embedder' | 'semantic_store', operation: string, error: unknown): void {
    this.metrics.recordStoreError(component);
    this.logger.warn(`Semantic cache ${operation} failed, serving as a miss: ${(error as Error).message}`);
  }
}
