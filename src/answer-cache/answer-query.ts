import { CacheControls } from '../common/cache-controls';
import type { Deadline } from '../common/deadline';
import { CacheStatus } from '../common/cache-headers';
import type { BodySubscription } from './single-flight/chunk-broadcast';
import { AnswerReader, CachedAnswer, StorableAnswer } from '../common/cached-answer';

/** One request as the cache sees it, built by a front end from its protocol. */
export interface AnswerQuery {
  namespace: string;
  model: string;
  /** Exact-layer key (the front end keys what it must: /ask the question, the proxy the whole request). */
  key: string;
  /** The normalised question; the semantic layer compares only this ('' = no semantic layer). */
  question: string;
  /** Semantic partition beyond model and embedder (system prompt, earlier turns, parameters); '' for /ask. */
  context: string;
  /** Whether the request may be cached at all (the proxy's bypass rules: n > 1, high temperature...). */
  cacheable: boolean;
  /** Whether the semantic layer may answer and store it (text question, low temperature). */
  semanticAllowed: boolean;
  /**
   * Whether concurrent identical requests may share one upstream call: false when their answers are
   * meant to differ (sampling temperature above SEMANTIC_MAX_TEMPERATURE).
   */
  coalescable: boolean;
  /** Whether the caller relays a stream: followers of a streamed leader in the same form get its bytes live. */
  stream: boolean;
  controls: CacheControls;
  /**
   * By when the answer must begin (a stream's headers; the stream then runs on): the embedding, the
   * lookups, waiting for a call in flight and the upstream call share it. Undefined:
   * REQUEST_TIMEOUT_MS from the start of resolve().
   */
  deadline?: Deadline;
}

/** A successful upstream answer, its body still arriving. */
export interface UpstreamAnswer {
  /** Headers worth relaying to the caller (request id, rate limits...). */
  headers: Record<string, string>;
  body: AsyncIterable<Buffer>;
}

/** How a front end gets a fresh answer on a miss: the upstream call, and how to read its answer. */
export interface Producer {
  /**
   * Calls the upstream; aborting `signal` stops it, body included. Its headers must be in by
   * `deadline` (pass it on to LlmService). Rejects with the upstream's error.
   */
  call(signal: AbortSignal, deadline?: Deadline): Promise<UpstreamAnswer>;
  reader(): AnswerReader;
}

/** An answer the caller replays from a stored (or shared) answer. */
export interface ReplayedResolution {
  kind: 'replay';
  status: Extract<CacheStatus, 'HIT' | 'SEMANTIC_HIT' | 'COALESCED'>;
  /** Key of the entry that answered (`prompt_cache:*`, `embed_cache:*`...) or, when coalesced, of the request. */
  key: string;
  answer: CachedAnswer;
  /** Cosine similarity; semantic hits (and paraphrases that waited for a question in flight) only. */
  similarity?: number;
  /** True when the semantic verifier (SEMANTIC_VERIFIER) accepted this hit. */
  verified?: boolean;
}

/** An answer the caller relays as the upstream sends it: its own call, or a call in flight it shares. */
export interface RelayedResolution {
  kind: 'relay';
  status: Extract<CacheStatus, 'MISS' | 'REFRESH' | 'BYPASS' | 'COALESCED'>;
  key: string;
  headers: Record<string, string>;
  /** The upstream's bytes; cancel it when the client leaves (the call is aborted once nobody listens). */
  body: BodySubscription;
  /** The answer read out of the bytes once they end (undefined if it had none); storing is the cache's business. */
  answer: Promise<StorableAnswer | undefined>;
}

export type Resolution = ReplayedResolution | RelayedResolution;
