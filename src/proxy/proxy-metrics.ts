import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { LlmNotConfiguredError, LlmTimeoutError } from '../common/errors/llm.errors';
import { MetricsService } from '../metrics/metrics.service';
import { CacheStatus } from '../common/cache-headers';

/** What the proxy reports: which layer served each answer, and each upstream call's outcome and time. */
@Injectable()
export class ProxyMetrics {
  constructor(private readonly metrics: MetricsService) {}

  served(status: CacheStatus, started: number, tokensFromCache = 0): void {
    const source = status === 'HIT' ? 'prompt_cache' : status === 'SEMANTIC_HIT' ? 'semantic_cache' : 'llm';
    this.metrics.recordAnswer(source, (performance.now() - started) / 1000, tokensFromCache);
  }

  async timeUpstream<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await call();
      this.metrics.recordLlmCall('success', seconds());
      return result;
    } catch (error) {
      if (error instanceof LlmNotConfiguredError) throw error; // no call was made
      this.metrics.recordLlmCall(error instanceof LlmTimeoutError ? 'timeout' : 'error', seconds());
      throw error;
    }
  }
}
