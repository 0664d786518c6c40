import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AnswerCacheService, AnswerHit, AnswerQuery } from '../answer-cache/answer-cache.service';
import { CacheControls } from '../common/cache-controls';
import { cacheHeaders } from '../common/cache-headers';
import { CachedAnswer } from '../common/cached-answer';
import { InvalidRequestError } from '../common/errors/invalid-request.error';
import { normalizeQuestion } from '../common/normalize-question';
import { CacheConfig } from '../config/cache.config';
import { LlmConfig } from '../config/llm.config';
import { LlmService } from '../llm/llm.service';
import { MetricsService } from '../metrics/metrics.service';
import { promptKey } from '../prompt-cache/prompt-key';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';

export interface AskResult {
  body: AskResponse;
  /** x-cache, x-cache-key, age, x-cache-similarity, x-cache-matched-question. */
  headers: Record<string, string>;
}

/** Answers a question from the cache layers, else from the LLM (storing its answer in both layers). */
@Injectable()
export class AskService {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: MetricsService,
    private readonly cacheConfig: CacheConfig,
    private readonly llmConfig: LlmConfig,
  ) {}

  async ask(request: AskRequestDto, controls: CacheControls): Promise<AskResult> {
    const started = performance.now();
    const question = this.normalize(request.question);
    const namespace = controls.namespace ?? this.cacheConfig.defaultNamespace;
    const model = request.model ?? this.llmConfig.model;
    const query: AnswerQuery = {
      namespace,
      model,
      key: promptKey(namespace, model, question),
      question,
      context: '',
      cacheable: true,
      semanticAllowed: true,
      controls,
    };

    const { hit, vector } = await this.answerCache.lookup(query);
    if (hit) return this.reply(query, started, hit);

    const completion = await this.llm.complete({ question, model });
    const answer: CachedAnswer = {
      answer: completion.answer,
      question,
      model,
      createdAt: Date.now(),
      tokens: completion.usage?.completion ?? 0,
      usage: completion.usage,
    };
    await this.answerCache.store(query, answer, vector);
    return this.reply(query, started, undefined, answer);
  }

  private reply(query: AnswerQuery, started: number, hit?: AnswerHit, fresh?: CachedAnswer): AskResult {
    const answer = (hit?.answer ?? fresh) as CachedAnswer;
    const source = hit?.status === 'HIT' ? 'prompt_cache' : hit ? 'semantic_cache' : 'llm';
    const seconds = (performance.now() - started) / 1000;
    this.metrics.recordAnswer(source, seconds, answer.tokens);
    const cacheKey = hit?.key ?? query.key;
    const audit = hit?.similarity === undefined ? {} : { similarity: Math.round(hit.similarity * 10_000) / 10_000, matchedQuestion: answer.question };
    return {
      body: { answer: answer.answer, source, ...audit, latencyMs: Math.round(seconds * 1e5) / 100, cacheKey, namespace: query.namespace, model: query.model },
      headers: cacheHeaders(hit?.status ?? this.answerCache.missStatus(query), cacheKey, hit),
    };
  }

  private normalize(raw: string): string {
    const question = normalizeQuestion(raw);
    const max = this.cacheConfig.maxQuestionChars;
    if (question.length > max) {
      throw new InvalidRequestError(`question must be at most ${max} characters (MAX_QUESTION_CHARS); got ${question.length}`);
    }
    return question;
  }
}
