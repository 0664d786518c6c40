import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CacheControls } from '../common/cache-controls';
import { cacheHeaders, CacheStatus } from '../common/cache-headers';
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

export interface AskResult {
  body: AskResponse;
  /** x-cache, x-cache-key, age, x-cache-similarity, x-cache-matched-question. */
  headers: Record<string, string>;
}

const isFresh = (answer: CachedAnswer, controls: CacheControls) =>
  controls.maxAgeSeconds === undefined || Date.now() - answer.createdAt <= controls.maxAgeSeconds * 1000;

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

  async ask(request: AskRequestDto, controls: CacheControls): Promise<AskResult> {
    const started = performance.now();
    const question = this.normalize(request.question);
    const namespace = controls.namespace ?? this.cacheConfig.defaultNamespace;
    const model = request.model ?? this.llmConfig.model;
    const reply = (source: AnswerSource, status: CacheStatus, cached: CachedAnswer, cacheKey: string, similarity?: number): AskResult => {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.recordAnswer(source, seconds, cached.tokens);
      const audit = similarity === undefined ? {} : { similarity: Math.round(similarity * 10_000) / 10_000, matchedQuestion: cached.question };
      const body = { answer: cached.answer, source, ...audit, latencyMs: Math.round(seconds * 1e5) / 100, cacheKey, namespace, model };
      return { body, headers: cacheHeaders(status, cacheKey, source === 'llm' ? undefined : { answer: cached, similarity }) };
    };

    const exact = controls.read ? await this.promptCache.lookup(namespace, model, question) : undefined;
    if (exact?.hit && isFresh(exact.hit, controls)) return reply('prompt_cache', 'HIT', exact.hit, exact.key);

    const semantic =
      controls.read && controls.mode === 'semantic'
        ? await this.embedCache.lookup({ namespace, model, question, minSimilarity: controls.minSimilarity })
        : undefined;
    const match = semantic?.hit;
    if (match && isFresh(match.entry, controls)) {
      return reply('semantic_cache', 'SEMANTIC_HIT', match.entry, embedKey(namespace, match.entry.id), match.similarity);
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
    const key = exact?.key ?? this.promptCache.keyOf(namespace, model, question);
    if (controls.write) await this.store(namespace, key, fresh, controls, semantic?.vector);
    return reply('llm', !controls.write ? 'BYPASS' : controls.read ? 'MISS' : 'REFRESH', fresh, key);
  }

  private async store(namespace: string, key: string, answer: CachedAnswer, controls: CacheControls, vector?: Float32Array): Promise<void> {
    const semantic = controls.mode === 'semantic';
    const semanticVector = semantic ? (vector ?? (await this.embedCache.vectorOf(answer.question))) : undefined;
    await Promise.all([
      this.promptCache.save(key, answer, controls.ttlSeconds),
      semantic ? this.embedCache.save(namespace, answer, semanticVector, '', controls.ttlSeconds) : undefined,
    ]);
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
