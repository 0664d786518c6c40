import { Inject, Injectable } from '@nestjs/common';
import { AcceptedKeys } from '../access/accepted-keys.service';
import { performance } from 'node:perf_hooks';
import { LlmNotConfiguredError, LlmTimeoutError } from '../common/errors/llm.errors';
import { LlmConfig } from '../config/llm.config';
import { MetricsService } from '../metrics/metrics.service';
import { ANTHROPIC_UPSTREAM } from './llm.constants';
import { OpenAiUpstream, UpstreamReply, UpstreamRequest } from './openai-upstream.port';
import { UpstreamHttpError } from './upstream-http.error';

/** Which model API a call goes to: the OpenAI-compatible server, or the Anthropic API (`/v1/messages`). */
export type LlmApi = 'openai' | 'anthropic';

/**
 * The one way to the model servers, for /ask and the /v1 proxy alike: the upstream ports plus the
 * one place LLM calls are counted (outcome, and time until the answer's headers).
 */
@Injectable()
export class LlmService {
  private readonly upstreams: Record<LlmApi, OpenAiUpstream>;

  constructor(
    upstream: OpenAiUpstream,
    @Inject(ANTHROPIC_UPSTREAM) anthropic: OpenAiUpstream,
    private readonly metrics: MetricsService,
    private readonly config: LlmConfig,
    private readonly acceptedKeys: AcceptedKeys,
  ) {
    this.upstreams = { openai: upstream, anthropic };
  }

  /** False when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set, nor passthrough: every call then fails with LlmNotConfiguredError. */
  get isConfigured(): boolean {
    return this.config.isConfigured;
  }

  /** The default model of /ask (LLM_MODEL). */
  get defaultModel(): string {
    return this.config.model;
  }

  /** Routes that are not model calls (the model list): forwarded, not counted as LLM calls. */
  forward(request: UpstreamRequest): Promise<UpstreamReply> {
    return this.judged(this.upstreams.openai, request);
  }

  /** A model call to `api` (default the OpenAI-compatible server), counted by outcome and time until the answer's headers. */
  async send(request: UpstreamRequest, api: LlmApi = 'openai'): Promise<UpstreamReply> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const reply = await this.judged(this.upstreams[api], request);
      this.metrics.recordLlmCall('success', seconds());
      return reply;
    } catch (error) {
      if (error instanceof LlmNotConfiguredError) throw error; // no call was made
      this.metrics.recordLlmCall(error instanceof LlmTimeoutError ? 'timeout' : 'error', seconds());
      throw error;
    }
  }

  /**
   * The upstream call; with a caller's own key (passthrough), the upstream's verdict on that key is
   * remembered: a 2xx lets it read the cache, a 401 or 403 takes that away.
   */
  private async judged(upstream: OpenAiUpstream, request: UpstreamRequest): Promise<UpstreamReply> {
    if (request.apiKey === undefined) return upstream.send(request);
    try {
      const reply = await upstream.send(request);
      await this.acceptedKeys.accept(request.apiKey);
      return reply;
    } catch (error) {
      if (error instanceof UpstreamHttpError && (error.status === 401 || error.status === 403))
        await this.acceptedKeys.forget(request.apiKey);
      throw error;
    }
  }
}
