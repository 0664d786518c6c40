import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AcceptedKeys } from '../access/accepted-keys.service';
import { Deadline } from '../common/deadline';
import { LlmNotConfiguredError, LlmTimeoutError, LlmUnavailableError } from '../common/errors/llm.errors';
import { RequestTimeoutError } from '../common/errors/request-timeout.error';
import { LlmConfig } from '../config/llm.config';
import { MetricsService } from '../metrics/metrics.service';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { CircuitBreakers } from '../resilience/circuit-breakers.service';
import { CircuitOpenError } from '../resilience/circuit-open.error';
import { ANTHROPIC_UPSTREAM } from './llm.constants';
import { OpenAiUpstream, UpstreamReply, UpstreamRequest } from './openai-upstream.port';
import { isUpstreamFault } from './upstream-fault';
import { UpstreamHttpError } from './upstream-http.error';
import { withRetries } from './upstream-retry';
import { failed } from '../tracing/tracer';
import { endWithBody, startUpstreamSpan } from '../tracing/upstream-span';

/** Which model API a call goes to: the OpenAI-compatible server, or the Anthropic API (`/v1/messages`). */
export type LlmApi = 'openai' | 'anthropic';

/** One model API: its upstream port and its own circuit breaker (one failing API must not stop the other). */
interface UpstreamRoute {
  upstream: OpenAiUpstream;
  breaker: CircuitBreaker;
}

/**
 * The one way to the model servers, for /ask and the /v1 proxy alike: the upstream ports plus their
 * retries, their circuit breakers and the one place LLM calls are counted (outcome, and time until
 * the answer's headers).
 */
@Injectable()
export class LlmService {
  private readonly routes: Record<LlmApi, UpstreamRoute>;

  constructor(
    upstream: OpenAiUpstream,
    @Inject(ANTHROPIC_UPSTREAM) anthropic: OpenAiUpstream,
    private readonly metrics: MetricsService,
    private readonly config: LlmConfig,
    private readonly acceptedKeys: AcceptedKeys,
    breakers: CircuitBreakers,
  ) {
    this.routes = {
      openai: { upstream, breaker: breakers.for('upstream', isUpstreamFault) },
      anthropic: { upstream: anthropic, breaker: breakers.for('anthropic', isUpstreamFault) },
    };
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
    return this.call(this.routes.openai, request);
  }

  /** A model call to `api` (default the OpenAI-compatible server), counted by outcome and time until the answer's headers. */
  async send(request: UpstreamRequest, api: LlmApi = 'openai'): Promise<UpstreamReply> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const span = startUpstreamSpan({ provider: api, path: request.path, body: request.body });
    try {
      const reply = await this.call(this.routes[api], request);
      this.metrics.recordLlmCall('success', seconds());
      return endWithBody(span, reply);
    } catch (error) {
      failed(span, error);
      span.end();
      if (error instanceof LlmNotConfiguredError || error instanceof LlmUnavailableError) throw error; // no call was made
      const timedOut = error instanceof LlmTimeoutError || error instanceof RequestTimeoutError;
      this.metrics.recordLlmCall(timedOut ? 'timeout' : 'error', seconds());
      throw error;
    }
  }

  /**
   * The call with its retries (LLM_MAX_RETRIES, or PROXY_MAX_RETRIES for callers that retry by
   * themselves, none for a request sent `once`), each attempt through the breaker, all before the
   * earlier of the request's deadline and LLM_TIMEOUT_MS from now.
   */
  private call(route: UpstreamRoute, request: UpstreamRequest): Promise<UpstreamReply> {
    const deadline = Deadline.after(this.config.timeoutMs, 'llm').earliest(request.deadline);
    const maxRetries = request.once ? 0 : request.callerRetries ? this.config.proxyMaxRetries : this.config.maxRetries;
    return withRetries(() => this.attempt(route, { ...request, deadline }, deadline), {
      maxRetries,
      deadline,
      signal: request.signal,
    });
  }

  private async attempt(route: UpstreamRoute, request: UpstreamRequest, deadline: Deadline): Promise<UpstreamReply> {
    if (deadline.expired) throw deadline.timeoutError('No time was left to call the upstream');
    try {
      return await route.breaker.execute(() => this.judged(route.upstream, request));
    } catch (error) {
      if (!(error instanceof CircuitOpenError)) throw error;
      throw new LlmUnavailableError(
        'The LLM upstream is failing: calls are refused until a probe call succeeds',
        Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
      );
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
