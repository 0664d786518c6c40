import { Body, Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { cacheHeaders } from '../common/cache-headers';
import { CacheConfig } from '../config/cache.config';
import { AnswerHit } from '../answer-cache/answer-cache.service';
import { ChatCompletionsService, ChatPlan } from './chat-completions.service';
import { toChatChunks, toChatCompletion } from './completion-replay';
import { OpenAiErrorFilter } from './openai-error.filter';
import { fetchWhole, OpenAiJson, OpenAiUpstream } from './openai-upstream.port';
import { ProxyMetrics } from './proxy-metrics';
import { endEventStream, startEventStream, writeEvent } from './sse';
import { StreamAssembler } from './stream-assembler';

/** POST /v1/chat/completions: the OpenAI endpoint, answered from the cache when it can be. */
@Controller('v1/chat')
@UseFilters(OpenAiErrorFilter)
export class ChatCompletionsController {
  constructor(
    private readonly cache: ChatCompletionsService,
    private readonly upstream: OpenAiUpstream,
    private readonly metrics: ProxyMetrics,
    private readonly config: CacheConfig,
  ) {}

  @Post('completions')
  @HttpCode(200)
  async create(@Body() rawBody: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const plan = this.cache.plan(rawBody, request.headers);
    const { hit, vector } = await this.cache.lookup(plan);
    if (hit) return this.replay(plan, hit, reply, started);
    const headers = cacheHeaders(plan.missStatus, plan.query.key);
    if (plan.body.stream) return this.forwardStream(plan, headers, vector, reply, started);

    const completion = await this.metrics.timeUpstream(() => fetchWhole(this.upstream, { method: 'POST', path: 'chat/completions', body: plan.body }));
    this.metrics.served(plan.missStatus, started);
    void reply.headers({ ...completion.headers, ...headers }).send(completion.bytes);
    // Stored after replying, off the caller's critical path. The writes are queued in this tick,
    // ahead of any lookup a later request can make; store() logs failures and never throws.
    if (plan.missStatus === 'BYPASS') return; // not stored: no need to read it
    const answer = singleTextAnswer(completion.bytes);
    if (answer) await this.cache.store(plan, answer, vector);
  }

  private async replay(plan: ChatPlan, hit: AnswerHit, reply: FastifyReply, started: number): Promise<void> {
    const id = `chatcmpl-cache-${hit.key.slice(-24)}`;
    const headers = cacheHeaders(hit.status, hit.key, hit);
    this.metrics.served(hit.status, started, hit.answer.tokens);
    if (!plan.body.stream) {
      void reply.headers(headers).send(toChatCompletion(hit.answer, id));
      return;
    }
    const includeUsage = (plan.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    reply.hijack();
    startEventStream(reply.raw, headers);
    const pause = this.config.replayChunkDelayMs;
    for (const [i, chunk] of toChatChunks(hit.answer, id, includeUsage).entries()) {
      if (pause > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      if (reply.raw.destroyed) return;
      writeEvent(reply.raw, chunk);
    }
    endEventStream(reply.raw);
  }

  /**
   * Relays the upstream's SSE bytes as they come (nothing re-encoded on the way to the first byte),
   * reading the answer out of them on the side; caches it only if the stream ended complete with the
   * caller still there.
   */
  private async forwardStream(plan: ChatPlan, headers: Record<string, string>, vector: Float32Array | undefined, reply: FastifyReply, started: number): Promise<void> {
    const abort = new AbortController();
    const upstream = await this.metrics.timeUpstream(() => this.upstream.send({ method: 'POST', path: 'chat/completions', body: plan.body, signal: abort.signal }));
    reply.hijack();
    const raw = reply.raw;
    let finished = false;
    raw.on('close', () => finished || abort.abort());
    startEventStream(raw, { ...upstream.headers, ...headers });
    // Nothing to read out of a stream that will not be stored (BYPASS).
    const assembler = plan.missStatus === 'BYPASS' ? undefined : new StreamAssembler();
    let tail = '\n\n';
    try {
      for await (const bytes of upstream.body) {
        if (raw.destroyed) return;
        raw.write(bytes);
        assembler?.feed(bytes);
        tail = bytes.subarray(-2).toString('latin1');
      }
    } catch (error) {
      // Headers are gone: end any half-sent event, then report in-band as OpenAI does; cache nothing.
      const endOfEvent = tail === '\n\n' ? '' : tail.endsWith('\n') ? '\n' : '\n\n';
      if (!raw.destroyed) raw.end(`${endOfEvent}data: ${JSON.stringify({ error: { message: (error as Error).message, type: 'server_error' } })}\n\n`);
      return;
    }
    finished = true;
    raw.end();
    const answer = assembler?.result();
    if (answer) await this.cache.store(plan, { ...answer, tokens: answer.usage?.completion ?? 0 }, vector);
    this.metrics.served(plan.missStatus, started);
  }
}

/** The answer of a non-streamed completion when it is one plain-text choice; otherwise nothing to cache. */
function singleTextAnswer(bytes: Buffer) {
  let completion: OpenAiJson;
  try {
    completion = JSON.parse(bytes.toString('utf8')) as OpenAiJson;
  } catch {
    return undefined; // relayed as it came; nothing to cache
  }
  const choices = completion.choices as { message?: { content?: unknown; tool_calls?: unknown }; finish_reason?: string }[] | undefined;
  const choice = choices?.length === 1 ? choices[0] : undefined;
  const content = choice?.message?.content;
  if (typeof content !== 'string' || content.length === 0 || choice?.message?.tool_calls) return undefined;
  const usage = completion.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
  return {
    answer: content,
    finishReason: choice?.finish_reason,
    tokens: usage?.completion_tokens ?? 0,
    usage: usage && { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens },
  };
}
