import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { LlmNotConfiguredError, LlmTimeoutError } from '../common/errors/llm.errors';
import { LlmConfig } from '../config/llm.config';
import { MetricsService } from '../metrics/metrics.service';
import { OpenAiUpstream, UpstreamReply, UpstreamRequest } from './openai-upstream.port';

/**
 * The one way to the model server, for /ask and the /v1 proxy alike: the upstream port plus the
 * one place LLM calls are counted (outcome, and time until the answer's headers).
 */
@Injectable()
export class LlmService {
  constructor(
    private readonly upstream: OpenAiUpstream,
    private readonly metrics: MetricsService,
    private readonly config: LlmConfig,
  ) {}

  /** False when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: every call then fails with LlmNotConfiguredError. */
  get isConfigured(): boolean {
    return this.config.isConfigured;
  }

  /** The default model of /ask (LLM_MODEL). */
  get defaultModel(): string {
    return this.config.model;
  }

  /** Routes that are not model calls (the model list): forwarded, not counted as LLM calls. */
  forward(request: UpstreamRequest): Promise<UpstreamReply> {
    return this.upstream.send(request);
  }

  /** A model call, counted by outcome and time until the answer's headers. */
  async send(request: UpstreamRequest): Promise<UpstreamReply> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const reply = await this.upstream.send(request);
      this.metrics.recordLlmCall('success', seconds());
      return reply;
    } catch (error) {
      if (error instanceof LlmNotConfiguredError) throw error; // no call was made
      this.metrics.recordLlmCall(error instanceof LlmTimeoutError ? 'timeout' : 'error', seconds());
      throw error;
    }
  }
}
