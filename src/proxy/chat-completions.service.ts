import { Injectable } from '@nestjs/common';
import { CachedAnswer } from '../common/cached-answer';
import { CacheConfig } from '../config/cache.config';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { embedKey } from '../embed-cache/embed-entry-codec';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { promptKeyPrefix } from '../prompt-cache/prompt-key';
import { CacheControls, HeaderBag, parseCacheControls } from '../common/cache-controls';
import { CacheStatus } from '../common/cache-headers';
import { analyzeChatRequest, ChatRequestAnalysis, ChatRequestBody } from './chat-request';
import { validateChatRequest } from './validate-chat-request';


/** What the cache decided for one chat request, before anything is sent. */
export interface ChatPlan {
  body: ChatRequestBody;
  analysis: ChatRequestAnalysis;
  controls: CacheControls;
  namespace: string;
  /** Exact-layer key of this request. */
  key: string;
  /** The status a miss reports: MISS, REFRESH (no-cache) or BYPASS (not cacheable, no-store, off). */
  missStatus: CacheStatus;
}

export interface ChatHit {
  answer: CachedAnswer;
  status: 'HIT' | 'SEMANTIC_HIT';
  key: string;
  similarity?: number;
}

export interface ChatLookup {
  hit?: ChatHit;
  /** The question's vector from the semantic lookup, reused when storing. */
  vector?: Float32Array;
}

/** The cache side of the proxy: plan a request, look it up, store a finished answer. */
@Injectable()
export class ChatCompletionsService {
  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
    private readonly config: CacheConfig,
  ) {}

  plan(rawBody: unknown, headers: HeaderBag): ChatPlan {
    const body = validateChatRequest(rawBody);
    const controls = parseCacheControls(headers);
    const analysis = analyzeChatRequest(body, { maxTemperature: this.config.maxTemperature, semanticMaxTemperature: this.config.semanticMaxTemperature });
    const namespace = controls.namespace ?? this.config.defaultNamespace;
    const cacheable = !analysis.bypass && controls.write;
    const missStatus: CacheStatus = !cacheable ? 'BYPASS' : controls.read ? 'MISS' : 'REFRESH';
    return { body, analysis, controls, namespace, key: `${promptKeyPrefix(namespace)}${analysis.exactHash}`, missStatus };
  }

  async lookup(plan: ChatPlan): Promise<ChatLookup> {
    const { analysis, controls, namespace, body } = plan;
    if (analysis.bypass || !controls.read) return {};
    const fresh = (answer: CachedAnswer) => controls.maxAgeSeconds === undefined || Date.now() - answer.createdAt <= controls.maxAgeSeconds * 1000;

    const exact = await this.promptCache.lookupKey(plan.key, analysis.question ?? '', body.model);
    if (exact.hit && fresh(exact.hit)) return { hit: { answer: exact.hit, status: 'HIT', key: plan.key } };
    if (controls.mode !== 'semantic' || !analysis.semanticAllowed || analysis.question === undefined) return {};

    const semantic = await this.embedCache.lookup({
      namespace,
      model: body.model,
      question: analysis.question,
      context: analysis.semanticContext,
      minSimilarity: controls.minSimilarity,
    });
    const match = semantic.hit;
    if (!match || !fresh(match.entry)) return { vector: semantic.vector };
    return {
      hit: { answer: match.entry, status: 'SEMANTIC_HIT', key: embedKey(namespace, match.entry.id), similarity: match.similarity },
      vector: semantic.vector,
    };
  }

  /** Stores a complete answer in both layers, unless the request may not be cached. */
  async store(plan: ChatPlan, answer: Omit<CachedAnswer, 'question' | 'model' | 'createdAt'>, vector?: Float32Array): Promise<void> {
    if (plan.missStatus === 'BYPASS') return;
    const cached: CachedAnswer = { ...answer, question: plan.analysis.question ?? '', model: plan.body.model, createdAt: Date.now() };
    const ttl = plan.controls.ttlSeconds ?? this.config.ttlSeconds;
    const semantic = plan.analysis.semanticAllowed && plan.controls.mode === 'semantic';
    await Promise.all([
      this.promptCache.save(plan.key, cached, ttl),
      semantic
        ? this.embedCache.save(plan.namespace, cached, vector ?? (await this.embedCache.vectorOf(cached.question)), plan.analysis.semanticContext, ttl)
        : undefined,
    ]);
  }
}
