import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCacheControls, ApiOpenAiErrors, CACHE_RESPONSE_HEADERS } from '../../openapi/api-docs.decorators';
import { ChatRequestDto } from './dto/chat-request.dto';
import { Body, Controller, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { ApiKeyGuard } from '../../access/api-key.guard';
import { callerControls } from '../../access/caller';
import { upstreamKeyOf } from '../../access/upstream-credential';
import { AnswerCacheService } from '../../answer-cache/answer-cache.service';
import { parseCacheControls } from '../../common/cache-controls';
import { CacheConfig } from '../../config/cache.config';
import { LlmService } from '../../llm/llm.service';
import { OpenAiErrorFilter } from '../openai-error.filter';
import { ProxyMetrics, savedBy } from '../proxy-metrics';
import { relayJson, relayStream } from '../relay';
import { chatProducer } from './chat-producer';
import { chatQuery } from './chat-query';
import { replayChat } from './chat-replay';
import { validateChatRequest } from './validate-chat-request';

/** POST /v1/chat/completions: the OpenAI endpoint, answered through the cache's one use case. */
@Controller('v1/chat')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class ChatCompletionsController {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
    private readonly config: CacheConfig,
  ) {}

  @Post('completions')
  @ApiOperation({
    summary: 'Chat completion, cached',
    description:
      'OpenAI chat completion request (https://platform.openai.com/docs/api-reference/chat/create). Only the fields listed are read by the cache; every other field is forwarded untouched. The answer is JSON, or SSE with `stream: true`.',
  })
  @ApiBody({ type: ChatRequestDto })
  @ApiOkResponse({
    description: 'the upstream answer or its cached replay, in the same shape',
    headers: CACHE_RESPONSE_HEADERS,
  })
  @ApiCacheControls()
  @ApiOpenAiErrors()
  @HttpCode(200)
  async create(@Body() rawBody: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const body = validateChatRequest(rawBody);
    const query = chatQuery(body, callerControls(request, parseCacheControls(request.headers)), this.config);
    const resolution = await this.answerCache.resolve(query, chatProducer(this.llm, body, upstreamKeyOf(request)));
    this.metrics.served('chat', resolution.status, started, savedBy(query, resolution));
    if (resolution.kind === 'replay') return replayChat(reply, resolution, body, this.config.replayChunkDelayMs);
    return body.stream ? relayStream(reply, resolution) : relayJson(reply, resolution);
  }
}
