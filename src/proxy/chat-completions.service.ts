import { Injectable } from '@nestjs/common';
import { AnswerCacheService, AnswerLookup, AnswerQuery } from '../answer-cache/answer-cache.service';
import { HeaderBag, parseCacheControls } from '../common/cache-controls';
import { CacheStatus } from '../common/cache-headers';
import { CachedAnswer } from '../common/cached-answer';
import { CacheConfig } from '../config/cache.config';
import { promptKeyPrefix } from '../prompt-cache/prompt-key';
import { analyzeChatRequest, ChatRequestBody } from './chat-request';
import { validateChatRequest } from './validate-chat-request';

/** What the cache decided for one chat request, before anything is sent. */
export interface ChatPlan {
  body: ChatRequestBody;
  query: AnswerQuery;
  /** The status a miss reports: MISS, REFRESH (no-cache) or BYPASS (not cacheable, no-store, off). */
  missStatus: CacheStatus;
}

/** The cache side of the proxy: turn a chat request into a cache query, look it up, store a finished answer. */
@Injectable()
export class ChatCompletionsService {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly config: CacheConfig,
  ) {}

  plan(rawBody: unknown, headers: HeaderBag): ChatPlan {
    const body = validateChatRequest(rawBody);
    const controls = parseCacheControls(headers);
    const { maxTemperature, semanticMaxTemperature, cacheNonText } = this.config;
    const analysis = analyzeChatRequest(body, { maxTemperature, semanticMaxTemperature, cacheNonText });
    const namespace = controls.namespace ?? this.config.defaultNamespace;
    const query: AnswerQuery = {
      namespace,
      model: body.model,
      key: `${promptKeyPrefix(namespace)}${analysis.exactHash}`,
      question: analysis.question ?? '',
      context: analysis.semanticContext,
      cacheable: analysis.bypass === undefined,
      semanticAllowed: analysis.semanticAllowed,
      controls,
    };
    return { body, query, missStatus: this.answerCache.missStatus(query) };
  }

  lookup(plan: ChatPlan): Promise<AnswerLookup> {
    return this.answerCache.lookup(plan.query);
  }

  /** Stores a complete answer in both layers, unless the request may not be cached. */
  store(plan: ChatPlan, answer: Omit<CachedAnswer, 'question' | 'model' | 'createdAt'>, vector?: Float32Array): Promise<void> {
    return this.answerCache.store(plan.query, { ...answer, question: plan.query.question, model: plan.body.model, createdAt: Date.now() }, vector);
  }
}
