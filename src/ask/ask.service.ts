import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CachedAnswer } from '../common/cached-answer';
import { InvalidRequestError } from '../common/errors/invalid-request.error';
import { normalizeQuestion } from '../common/normalize-question';
import { CacheConfig } from '../config/cache.config';
import { LlmConfig } from '../config/llm.config';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { embedKey } from '../embed-cache/embed-entry-codec';
import { LlmService } from '../llm/llm.service';
import { AnswerSource } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';

/** Answers a question through the exact layer, then the semantic layer, then the LLM (storing its answer in both). */
@Injectable()
export class AskService {
  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
    private readonly llm: LlmService,
    private readonly metrics: MetricsService,
    private readonly cacheConfig: CacheConfig,
    private readonly llmConfig: LlmConfig,
  ) {}

  async ask(request: AskRequestDto): Promise<AskResponse> {
    const started = performance.now();
    const question = this.normalize(request.question);
    const namespace = request.namespace ?? this.cacheConfig.defaultNamespace;
    const model = request.model ?? this.llmConfig.model;
    const reply = (source: AnswerSource, cached: CachedAnswer, cacheKey: string, extra: Partial<AskResponse> = {}) => {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.recordAnswer(source, seconds, cached.tokens);
      return { answer: cached.answer, source, ...extra, latencyMs: Math.round(seconds * 1e5) / 100, cacheKey, namespace, model };
    };

    const exact = await this.promptCache.lookup(namespace, model, question);
    if (exact.hit) return reply('prompt_cache', exact.hit, exact.key);

    const semantic = await this.embedCache.lookup({ namespace, model, question });
    if (semantic.hit) {
      const { entry, similarity } = semantic.hit;
      return reply('semantic_cache', entry, embedKey(namespace, entry.id), {
        similarity: Math.round(similarity * 10_000) / 10_000,
        matchedQuestion: entry.question,
      });
    }

    const completion = await this.llm.complete({ question, model });
    const fresh: CachedAnswer = {
      answer: completion.answer,
      question,
      model,
      createdAt: Date.now(),
      tokens: completion.usage?.completion ?? 0,
      usage: completion.usage,
    };
    await Promise.all([this.promptCache.save(exact.key, fresh), this.embedCache.save(namespace, fresh, semantic.vector)]);
    return reply('llm', fresh, exact.key);
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
