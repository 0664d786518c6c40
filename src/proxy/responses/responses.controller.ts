import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCacheControls, ApiOpenAiErrors, CACHE_RESPONSE_HEADERS } from '../../openapi/api-docs.decorators';
import { ResponsesRequestDto } from './dto/responses-request.dto';
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
import { sseOf } from './response-events';
import { responsesProducer } from './responses-producer';
import { responsesQuery } from './responses-query';
import { replayResponses } from './responses-replay';
import { validateResponsesRequest } from './validate-responses-request';

/** A failure once a relayed stream is under way, as the Responses API reports it: an `error` event. */
const streamError = (message: string) =>
  sseOf({ type: 'error', code: 'server_error', message, param: null, sequence_number: 0 });

/** POST /v1/responses: the OpenAI Responses API, answered through the cache's one use case. */
@Controller('v1/responses')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class ResponsesController {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
    private readonly config: CacheConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Responses API, cached',
    description:
      'OpenAI Responses request (https://platform.openai.com/docs/api-reference/responses/create). Only the fields listed are read by the cache; every other field is forwarded untouched.',
  })
  @ApiBody({ type: ResponsesRequestDto })
  @ApiOkResponse({
    description: 'the upstream answer or its cached replay, in the same shape',
    headers: CACHE_RESPONSE_HEADERS,
  })
  @ApiCacheControls()
  @ApiOpenAiErrors()
  @HttpCode(200)
  async create(@Body() rawBody: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const body = validateResponsesRequest(rawBody);
    const query = responsesQuery(body, callerControls(request, parseCacheControls(request.headers)), this.config);
    const resolution = await this.answerCache.resolve(query, responsesProducer(this.llm, body, upstreamKeyOf(request)));
    this.metrics.served('responses', resolution.status, started, savedBy(query, resolution));
    if (resolution.kind === 'replay') return replayResponses(reply, resolution, body, this.config.replayChunkDelayMs);
    return body.stream ? relayStream(reply, resolution, streamError) : relayJson(reply, resolution);
  }
}
