import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AnswerQuery, Resolution } from '../answer-cache/answer-query';
import { AnswerCacheService } from '../answer-cache/answer-cache.service';
import { CacheControls } from '../common/cache-controls';
import { answerSourceOf } from '../common/answer-source';
import { cacheHeaders } from '../common/cache-headers';
import { StorableAnswer } from '../common/cached-answer';
import { InvalidRequestError } from '../common/errors/invalid-request.error';
import { LlmUpstreamError } from '../common/errors/llm.errors';
import { normalizeQuestion } from '../common/normalize-question';
import { CacheConfig } from '../config/cache.config';
import { LlmService } from '../llm/llm.service';
import { MetricsService } from '../metrics/metrics.service';
import { promptKey } from '../prompt-cache/prompt-key';
import { askProducer } from './ask-producer';
import { AskRequestDto } from './dto/ask-request.dto';
import { AskResponse } from './dto/ask-response.dto';

export interface AskResult {
  body: AskResponse;
  /** x-cache, x-cache-key, age, x-cache-similarity, x-cache-matched-question. */
  headers: Record<string, string>;
}

/** Translates /ask to the cache's query and its resolution back to /ask's answer. */
@Injectable()
export class AskService {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: MetricsService,
    private readonly cacheConfig: CacheConfig,
  ) {}

  /** `apiKey`: the caller's own upstream key (UPSTREAM_AUTH=passthrough); undefined = the server's. */
  async ask(request: AskRequestDto, controls: CacheControls, apiKey?: string): Promise<AskResult> {
    const started = performance.now();
    const question = this.normalize(request.question);
    const namespace = controls.namespace ?? this.cacheConfig.defaultNamespace;
    const model = request.model ?? this.llm.defaultModel;
    const query: AnswerQuery = {
      namespace,
      model,
      key: promptKey(namespace, model, question),
      question,
      context: '',
      cacheable: true,
      semanticAllowed: true,
      coalescable: true,
      stream: false,
      controls,
    };
    const resolution = await this.answerCache.resolve(query, askProducer(this.llm, question, model, apiKey));
    const answer = resolution.kind === 'replay' ? resolution.answer : await answerOf(resolution.answer);
    return this.reply(query, started, resolution, answer);
  }

  private reply(query: AnswerQuery, started: number, resolution: Resolution, answer: StorableAnswer): AskResult {
    const replayed = resolution.kind === 'replay' ? resolution : undefined;
    const source = answerSourceOf(resolution.status);
    const seconds = (performance.now() - started) / 1000;
    this.metrics.recordAnswer(source, seconds, { namespace: query.namespace, model: query.model, ...answer });
    const similarity = replayed?.similarity;
    const audit =
      similarity === undefined
        ? {}
        : { similarity: Math.round(similarity * 10_000) / 10_000, matchedQuestion: replayed?.answer.question };
    return {
      body: {
        answer: answer.answer,
        source,
        ...audit,
        latencyMs: Math.round(seconds * 1e5) / 100,
        cacheKey: resolution.key,
        namespace: query.namespace,
        model: query.model,
      },
      headers: cacheHeaders(resolution.status, resolution.key, replayed),
    };
  }

  private normalize(raw: string): string {
    const question = normalizeQuestion(raw);
    const max = this.cacheConfig.maxQuestionChars;
    if (question.length > max) {
      throw new InvalidRequestError(
        `question must be at most ${max} characters (MAX_QUESTION_CHARS); got ${question.length}`,
      );
    }
    return question;
  }
}

async function answerOf(pending: Promise<StorableAnswer | undefined>): Promise<StorableAnswer> {
  const answer = await pending;
  if (!answer) throw new LlmUpstreamError('The LLM returned no answer text');
  return answer;
}
