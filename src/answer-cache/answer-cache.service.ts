import { Injectable } from '@nestjs/common';
import { CacheControls } from '../common/cache-controls';
import { CacheStatus, missStatusOf } from '../common/cache-headers';
import { CachedAnswer } from '../common/cached-answer';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { embedKey } from '../vector-index/embed-entry-codec';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';

/** One request as both cache layers see it. */
export interface AnswerQuery {
  namespace: string;
  model: string;
  /** Exact-layer key (built by the caller: /ask keys the question, the proxy the whole request). */
  key: string;
  /** The normalised question; the semantic layer compares only this. */
  question: string;
  /** Semantic partition beyond model and embedder (system prompt, earlier turns, parameters); '' for /ask. */
  context: string;
  /** Whether the request may be cached at all (the proxy's bypass rules). */
  cacheable: boolean;
  /** Whether the semantic layer may answer and store it (text question, low temperature). */
  semanticAllowed: boolean;
  controls: CacheControls;
}

export interface AnswerHit {
  answer: CachedAnswer;
  status: 'HIT' | 'SEMANTIC_HIT';
  /** Key of the entry that served: `prompt_cache:*` or `embed_cache:*`. */
  key: string;
  similarity?: number;
}

export interface AnswerLookup {
  hit?: AnswerHit;
  /** The question's vector from the semantic lookup, reused when storing the fresh answer. */
  vector?: Float32Array;
}

/**
 * The two layers in order, shared by POST /ask and the /v1 proxy: exact, then semantic, honouring
 * the request's cache controls (no-cache, no-store, max-age, mode, threshold, ttl).
 */
@Injectable()
export class AnswerCacheService {
  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
  ) {}

  /** x-cache of an answer that came from the LLM. */
  missStatus({ cacheable, controls }: AnswerQuery): CacheStatus {
    return missStatusOf(cacheable, controls);
  }

  async lookup(query: AnswerQuery): Promise<AnswerLookup> {
    const { controls, namespace } = query;
    if (!query.cacheable || !controls.read) return {};
    const exact = await this.promptCache.lookupKey(query.key, query.question, query.model);
    if (exact.hit && isFresh(exact.hit, controls)) return { hit: { answer: exact.hit, status: 'HIT', key: query.key } };
    if (!this.semantic(query)) return {};

    const { hit, vector } = await this.embedCache.lookup({ ...query, minSimilarity: controls.minSimilarity });
    if (!hit || !isFresh(hit.entry, controls)) return { vector };
    return { hit: { answer: hit.entry, status: 'SEMANTIC_HIT', key: embedKey(namespace, hit.entry.id), similarity: hit.similarity }, vector };
  }

  /** Stores a fresh answer in both layers, unless the request may not be cached. */
  async store(query: AnswerQuery, answer: CachedAnswer, vector?: Float32Array): Promise<void> {
    if (this.missStatus(query) === 'BYPASS') return;
    const ttl = query.controls.ttlSeconds;
    const semantic = this.semantic(query);
    await Promise.all([
      this.promptCache.save(query.key, answer, ttl),
      semantic ? this.embedCache.save(query.namespace, answer, vector ?? (await this.embedCache.vectorOf(answer.question)), query.context, ttl) : undefined,
    ]);
  }

  private semantic({ semanticAllowed, controls, question }: AnswerQuery): boolean {
    return semanticAllowed && controls.mode === 'semantic' && question.length > 0;
  }
}

function isFresh(answer: CachedAnswer, controls: CacheControls): boolean {
  return controls.maxAgeSeconds === undefined || Date.now() - answer.createdAt <= controls.maxAgeSeconds * 1000;
}
