import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AnswerQuery, Resolution } from '../answer-cache/answer-query';
import { answerSourceOf } from '../common/answer-source';
import { CacheStatus } from '../common/cache-headers';
import { LlmTimeoutError, LlmUpstreamError } from '../common/errors/llm.errors';
import { UpstreamHttpError } from '../llm/upstream-http.error';
import { ForwardedRoute, LlmOutcome, ProxyRoute } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';
import { HitSaving } from '../metrics/savings.service';

/** How a forwarded call ended; undefined when it never left (no upstream configured, a path refused). */
function outcomeOf(error: unknown): LlmOutcome | undefined {
  if (error instanceof LlmTimeoutError) return 'timeout';
  if (error instanceof UpstreamHttpError || error instanceof LlmUpstreamError) return 'error';
  return undefined;
}

/** What a replayed answer saved: its query's namespace and model, its stored usage; undefined otherwise. */
export function savedBy(query: AnswerQuery, resolution: Resolution): HitSaving | undefined {
  if (resolution.kind !== 'replay') return undefined;
  const { tokens, usage } = resolution.answer;
  return { namespace: query.namespace, model: query.model, tokens, usage };
}

/** What the proxy reports: which layer served each answer, on which route; what it only forwarded. */
@Injectable()
export class ProxyMetrics {
  constructor(private readonly metrics: MetricsService) {}

  /** `answer`: what a replayed answer saved (its query's namespace and model, its stored usage). */
  served(route: ProxyRoute, status: CacheStatus, started: number, answer?: HitSaving): void {
    this.metrics.recordProxyAnswer(route, answerSourceOf(status), (performance.now() - started) / 1000, answer);
  }

  /** Counts a forwarded call by its outcome once the upstream's headers (or its error) are in. */
  async forwarded<T>(route: ForwardedRoute, call: Promise<T>): Promise<T> {
    try {
      const reply = await call;
      this.metrics.recordForwarded(route, 'success');
      return reply;
    } catch (error) {
      const outcome = outcomeOf(error);
      if (outcome) this.metrics.recordForwarded(route, outcome);
      throw error;
    }
  }
}
