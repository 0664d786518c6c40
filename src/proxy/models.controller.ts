import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOpenAiErrors } from '../openapi/api-docs.decorators';
import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '../access/api-key.guard';
import { upstreamKeyOf } from '../access/upstream-credential';
import { LlmService } from '../llm/llm.service';
import { fetchWhole } from '../llm/openai-upstream.port';
import { withRequestId } from './answer-headers';
import { OpenAiErrorFilter } from './openai-error.filter';
import { ProxyMetrics } from './proxy-metrics';

/**
 * GET /v1/models, forwarded as is (passthrough: with the caller's key), so clients that list models
 * first keep working; a model by id (`/v1/models/{id}`) goes through the ForwardController.
 */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class ModelsController {
  constructor(
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
  ) {}

  @Get('models')
  @ApiOperation({
    summary: 'The upstream model list, forwarded (https://platform.openai.com/docs/api-reference/models/list)',
  })
  @ApiOpenAiErrors()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const models = await fetchWhole((upstream) => this.metrics.forwarded('models', this.llm.forward(upstream)), {
      method: 'GET',
      path: 'models',
      apiKey: upstreamKeyOf(request),
      callerRetries: true,
    });
    void reply.headers(withRequestId(models.headers)).send(models.bytes);
  }
}
