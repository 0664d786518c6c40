import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCacheControls, ApiOpenAiErrors, CACHE_RESPONSE_HEADERS } from '../../openapi/api-docs.decorators';
import { MessagesRequestDto } from './dto/messages-request.dto';
import { Body, Controller, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { ApiKeyGuard } from '../../access/api-key.guard';
import { callerControls } from '../../access/caller';
import { upstreamKeyOf } from '../../access/upstream-credential';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { parseCacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { anthropicError } from '../../llm/upstream-http.error';
import { LlmService } from '../../llm/llm.service';
import { AnthropicErrorFilter } from '../anthropic-error.filter';
import { ProxyMetrics, savedBy } from '../proxy-metrics';
import { relayJson, relayStream } from '../relay';
import { sseOf } from './message-replay';
import { anthropicHeadersOf, messagesProducer } from './messages-producer';
import { messagesQuery } from './messages-query';
import { replayMessages } from './messages-replay';
import { validateMessagesRequest } from './validate-messages-request';

/** How a relayed stream that breaks off ends: an `error` event, as Anthropic sends one. */
const streamError = (message: string) => sseOf(anthropicError(500, message));

/** POST /v1/messages: the Anthropic Messages endpoint, answered through the cache's one use case. */
@Controller('v1')
@UseFilters(AnthropicErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class MessagesController {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
    private readonly config: CacheConfig,
  ) {}

  @Post('messages')
  @ApiOperation({
    summary: 'Anthropic Messages, cached',
    description:
      'Anthropic Messages request (https://docs.anthropic.com/en/api/messages). Only the fields listed are read by the cache; every other field is forwarded untouched. Errors come in the Anthropic shape `{type: "error", error: {type, message}}`.',
  })
  @ApiBody({ type: MessagesRequestDto })
  @ApiOkResponse({
    description: 'the upstream answer or its cached replay, in the same shape',
    headers: CACHE_RESPONSE_HEADERS,
  })
  @ApiCacheControls()
  @ApiOpenAiErrors()
  @HttpCode(200)
  async create(@Body() rawBody: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const body = validateMessagesRequest(rawBody);
    const headers = anthropicHeadersOf(request.headers);
    const controls = callerControls(request, parseCacheControls(request.headers));
    const query = messagesQuery(body, headers, controls, this.config);
    const producer = messagesProducer(this.llm, body, headers, upstreamKeyOf(request));
    const resolution = await this.answerCache.resolve(query, producer);
    this.metrics.served('messages', resolution.status, started, savedBy(query, resolution));
    if (resolution.kind === 'replay') return replayMessages(reply, resolution, body, this.config.replayChunkDelayMs);
    return body.stream ? relayStream(reply, resolution, streamError) : relayJson(reply, resolution);
  }
}
