import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { LlmTimeoutError } from '../common/errors/llm.errors';
import { MetricsService } from '../metrics/metrics.service';
import { LlmClient, LlmCompletion, LlmCompletionRequest } from './llm-client.port';

/** The LLM port plus what every caller wants measured: outcome and duration of each call. */
@Injectable()
export class LlmService {
  constructor(
    private readonly client: LlmClient,
    private readonly metrics: MetricsService,
  ) {}

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const completion = await this.client.complete(request);
      this.metrics.recordLlmCall('success', seconds());
      return completion;
    } catch (error) {
      if (this.client.isConfigured) this.metrics.recordLlmCall(error instanceof LlmTimeoutError ? 'timeout' : 'error', seconds());
      throw error;
    }
  }
}
