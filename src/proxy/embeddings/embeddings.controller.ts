import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCacheControls, ApiOpenAiErrors, CACHE_RESPONSE_HEADERS } from '../../openapi/api-docs.decorators';
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
import { replayHeaders } from '../answer-headers';
import { OpenAiErrorFilter } from '../openai-error.filter';
import { ProxyMetrics } from '../proxy-metrics';
import { relayJson } from '../relay';
import { embeddingsProducer } from './embeddings-producer';
import { embeddingsQuery } from './embeddings-query';

/** POST /v1/embeddings, cached exactly: the same input, model and dimensions get the same vectors. */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class EmbeddingsController {
  constructor(
    private readonly answerCache: AnswerCacheService,
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
    private readonly config: CacheConfig,
  ) {}

  @Post('embeddings')
  @ApiOperation({
    summary: 'Embeddings, cached exactly',
    description:
      'OpenAI embeddings request (https://platform.openai.com/docs/api-reference/embeddings/create); the same input, model and dimensions get the same vectors.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['model', 'input'],
      properties: {
        model: { type: 'string' },
        input: { oneOf: [{ type: 'string' }, { type: 'array', items: {} }] },
        dimensions: { type: 'integer' },
        encoding_format: { type: 'string', enum: ['float', 'base64'] },
      },
    },
  })
  @ApiOkResponse({
    description: 'the upstream answer or its cached replay, in the same shape',
    headers: CACHE_RESPONSE_HEADERS,
  })
  @ApiCacheControls()
  @ApiOpenAiErrors()
  @HttpCode(200)
  async create(@Body() rawBody: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const started = performance.now();
    const controls = callerControls(request, parseCacheControls(request.headers));
    const { body, query } = embeddingsQuery(rawBody, controls, this.config.defaultNamespace);
    const resolution = await this.answerCache.resolve(
      query,
      embeddingsProducer(this.llm, body, upstreamKeyOf(request)),
    );
    this.metrics.served('embeddings', resolution.status, started);
    if (resolution.kind === 'relay') return relayJson(reply, resolution);
    void reply
      .headers({ 'content-type': 'application/json', ...replayHeaders(resolution) })
      .send(resolution.answer.answer);
  }
}
