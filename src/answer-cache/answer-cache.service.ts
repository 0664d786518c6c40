import { Injectable } from '@nestjs/common';
import { CacheControls } from '../common/cache-controls';
import { missStatusOf } from '../common/cache-headers';
import { CachedAnswer, ReadAnswer } from '../common/cached-answer';
import { Deadline } from '../common/deadline';
import { CacheConfig } from '../config/cache.config';
import { ResilienceConfig } from '../config/resilience.config';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { embedKey } from '../vector-index/embed-entry-codec';
import { MetricsService } from '../metrics/metrics.service';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { BackgroundWork } from '../shutdown/background-work';
import { AnswerQuery, Producer, RelayedResolution, ReplayedResolution, Resolution } from './answer-query';
import { Flight } from './single-flight/flight';
import { InFlightQuestions } from './single-flight/in-flight-questions';
import { SingleFlight } from './single-flight/single-flight.service';
import { writeGates } from './write-gates';
import { CACHE_ATTR, lookupAttributes, namespaceHash } from '../tracing/cache-attributes';
import { inSpan, SPAN } from '../tracing/tracer';

/** A fresh answer as stored, and whether the semantic layer got it too. */
interface Stored {
  answer: CachedAnswer;
  semantic: boolean;
}

/** A query with its deadline set: the request's own, else REQUEST_TIMEOUT_MS from the start of resolve(). */
type TimedQuery = AnswerQuery & { deadline: Deadline };

/** What the caller that leads a key's single flight found: its own upstream call, or an answer another replica stored. */
type Lead =
  | { flight: Flight; stored: Promise<CachedAnswer | undefined>; stream: boolean; settled: Promise<unknown> }
  | { flight?: undefined; stored: CachedAnswer; settled: Promise<unknown> };

/**
 * The one use case behind every front end (/ask, /v1/chat/completions, /v1/embeddings): exact
 * lookup → semantic lookup → single flight → the upstream call → write gates → store, honouring
 * the request's cache controls. Front ends only translate HTTP to an {@link AnswerQuery} and a
 * {@link Resolution} back to HTTP.
 */
@Injectable()
export class AnswerCacheService {
  private readonly paraphrases = new InFlightQuestions();

  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
    private readonly flights: SingleFlight,
    private readonly resilienceConfig: ResilienceConfig,
    private readonly cacheConfig: CacheConfig,
    private readonly metrics: MetricsService,
    private readonly background: BackgroundWork,
  ) {}

  /** Callers now waiting for another caller's upstream call (observability and tests). */
  get followersWaiting(): number {
    return this.flights.waiting;
  }

  /** x-cache of an answer that did not come from the cache. */
  missStatus({ cacheable, controls }: AnswerQuery): RelayedResolution['status'] {
    return missStatusOf(cacheable, controls);
  }

  /** Resolves one request in its own span (`llm_cache.request`), the root of its trace. */
  resolve(request: AnswerQuery, producer: Producer): Promise<Resolution> {
    return inSpan(SPAN.request, async (span) => {
      const resolution = await this.resolveQuery(request, producer);
      if (span.isRecording())
        span.setAttributes({
          [CACHE_ATTR.namespaceHash]: namespaceHash(request.namespace),
          [CACHE_ATTR.status]: resolution.status,
        });
      return resolution;
    });
  }

  private async resolveQuery(request: AnswerQuery, producer: Producer): Promise<Resolution> {
    const query: TimedQuery = {
      ...request,
      deadline: request.deadline ?? Deadline.after(this.resilienceConfig.requestTimeoutMs, 'request'),
    };
    const missStatus = this.missStatus(query);
    let vector: Float32Array | undefined;
    if (query.cacheable && query.controls.read) {
      const lookup = await this.lookup(query);
      if (lookup.hit) return lookup.hit;
      vector = lookup.vector;
    }
    if (missStatus !== 'MISS' || !query.coalescable || !query.controls.coalesce)
      return this.relayOwn(query, producer, missStatus, vector);
    if (!this.flights.has(query.key) && vector) {
      const paraphrase = await this.paraphraseInFlight(query, vector);
      if (paraphrase) return paraphrase;
    }
    return this.coalesced(query, producer, vector);
  }

  private async lookup(query: TimedQuery): Promise<{ hit?: ReplayedResolution; vector?: Float32Array }> {
    const { controls, namespace } = query;
    const exact = await inSpan(SPAN.exact, async (span) => {
      const found = await this.promptCache.lookup(query.key, query.question, query.model);
      if (span.isRecording()) span.setAttributes(lookupAttributes('exact', namespace, found !== undefined));
      return found;
    });
    if (exact && isFresh(exact, controls))
      return { hit: { kind: 'replay', status: 'HIT', key: query.key, answer: exact } };
    if (!this.semantic(query)) return {};

    const { hit, vector } = await this.embedCache.lookup({ ...query, minSimilarity: controls.minSimilarity });
    if (!hit || !isFresh(hit.entry, controls)) return { vector };
    const key = embedKey(namespace, hit.entry.id);
    const { entry: answer, similarity, verified } = hit;
    return { hit: { kind: 'replay', status: 'SEMANTIC_HIT', key, answer, similarity, verified }, vector };
  }

  /** A paraphrase of a question whose answer is being produced waits for that answer, until its own deadline. */
  private async paraphraseInFlight(query: TimedQuery, vector: Float32Array): Promise<ReplayedResolution | undefined> {
    if (!this.semantic(query) || this.embedCache.verifiesEveryHit) return undefined;
    const { threshold } = this.embedCache.settingsOf(query.namespace);
    const minSimilarity = Math.max(threshold, query.controls.minSimilarity ?? 0);
    const found = this.paraphrases.nearest(this.scopeOf(query), vector, minSimilarity);
    if (!found) return undefined;
    const answer = await this.flights.waitingFor(
      query.deadline.race(
        found.answer,
        'No answer began in time: a similar question in flight was still being answered',
      ),
    );
    return answer && { kind: 'replay', status: 'COALESCED', key: found.key, answer, similarity: found.similarity };
  }

  private async coalesced(query: TimedQuery, producer: Producer, vector?: Float32Array): Promise<Resolution> {
    const { leader, outcome } = this.flights.join(query.key, () => this.lead(query, producer, vector));
    if (!leader) return this.flights.waitingFor(outcome.then((lead) => this.follow(query, producer, lead, vector)));
    const lead = await outcome;
    if (!lead.flight) return this.replayCoalesced(query, lead.stored);
    return relayOf(query, 'MISS', lead.flight, await lead.flight.headers);
  }

  /**
   * Takes the key's turn across replicas, then calls the upstream, unless another replica's answer
   * arrived meanwhile. A turn not given by the deadline leaves no time for the call (504).
   */
  private async lead(query: TimedQuery, producer: Producer, vector?: Float32Array): Promise<Lead> {
    const turn = await this.flights.turn(
      query.key,
      () => this.promptCache.peek(query.key, query.question, query.model),
      query.deadline.remainingMs(),
    );
    if (turn.stored) return { stored: turn.stored, settled: Promise.resolve() };
    const flight = new Flight(producer, query.deadline);
    const saved = this.background.track(flight.read.then((read) => read && this.store(query, read, vector)));
    const stored = saved.then((entry) => entry?.answer);
    if (vector && this.semantic(query)) {
      // A paraphrase may only get what the semantic layer would have given it.
      const answer = saved.then((entry) => (entry?.semantic ? entry.answer : undefined));
      this.paraphrases.add(this.scopeOf(query), { key: query.key, vector, answer });
    }
    return { flight, stored, stream: query.stream, settled: stored.finally(() => turn.held.release()) };
  }

  /**
   * A follower relays the leader's bytes when it asked for the same form (live, for a stream);
   * otherwise it replays the stored answer. When the leader's answer may not be stored (the write
   * gates refused it: a truncated answer, a broken stream), the follower calls the upstream itself; an upstream error is shared.
   * Waiting for a whole answer in the other form ends at the follower's deadline.
   */
  private async follow(query: TimedQuery, producer: Producer, lead: Lead, vector?: Float32Array): Promise<Resolution> {
    if (!lead.flight) return this.replayCoalesced(query, lead.stored);
    const headers = await lead.flight.headers;
    if (lead.stream === query.stream) return relayOf(query, 'COALESCED', lead.flight, headers);
    const stored = await query.deadline.race(
      lead.stored,
      'No answer began in time: the identical request in flight was still being answered',
    );
    return stored ? this.replayCoalesced(query, stored) : this.relayOwn(query, producer, 'MISS', vector);
  }

  private async relayOwn(
    query: TimedQuery,
    producer: Producer,
    status: RelayedResolution['status'],
    vector?: Float32Array,
  ): Promise<RelayedResolution> {
    const flight = new Flight(producer, query.deadline);
    const headers = await flight.headers;
    if (status !== 'BYPASS')
      void this.background.track(flight.read.then((read) => read && this.store(query, read, vector)));
    return relayOf(query, status, flight, headers);
  }

  private replayCoalesced(query: AnswerQuery, answer: CachedAnswer): ReplayedResolution {
    return { kind: 'replay', status: 'COALESCED', key: query.key, answer };
  }

  /**
   * Stores a fresh answer in the layers its write gates allow (failures are logged and counted by
   * each layer, never thrown); undefined when it may not be stored at all.
   */
  private async store(query: AnswerQuery, read: ReadAnswer, vector?: Float32Array): Promise<Stored | undefined> {
    const gates = writeGates(read, { maxEntryBytes: this.cacheConfig.maxEntryBytes });
    const wanted = this.semantic(query);
    if (gates.reason && (!gates.exact || wanted))
      this.metrics.recordWriteSkipped(gates.exact ? 'semantic' : 'exact', gates.reason);
    if (!gates.exact || !read.answer) return undefined;
    const answer: CachedAnswer = {
      ...read.answer,
      question: query.question,
      model: query.model,
      createdAt: Date.now(),
    };
    const ttl = query.controls.ttlSeconds;
    const semantic = wanted && gates.semantic;
    await Promise.all([
      this.promptCache.save(query.key, answer, ttl),
      semantic
        ? this.embedCache.save(
            query.namespace,
            answer,
            vector ?? (await this.embedCache.vectorOf(answer.question)),
            query.context,
            ttl,
          )
        : undefined,
    ]);
    return { answer, semantic };
  }

  private scopeOf(query: AnswerQuery): string {
    return `${query.namespace}\u0000${this.embedCache.partitionOf(query.model, query.context)}`;
  }

  private semantic({ semanticAllowed, controls, question }: AnswerQuery): boolean {
    return semanticAllowed && controls.mode === 'semantic' && question.length > 0;
  }
}

/** The caller's view of a flight: its bytes from the first on, and the answer read out of them. */
function relayOf(
  query: AnswerQuery,
  status: RelayedResolution['status'],
  flight: Flight,
  headers: Record<string, string>,
): RelayedResolution {
  return { kind: 'relay', status, key: query.key, headers, body: flight.subscribe(), answer: flight.answer };
}

function isFresh(answer: CachedAnswer, controls: CacheControls): boolean {
  return controls.maxAgeSeconds === undefined || Date.now() - answer.createdAt <= controls.maxAgeSeconds * 1000;
}
