import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiOpenAiErrors } from '../../openapi/api-docs.decorators';
import { All, Controller, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ApiKeyGuard } from '../../access/api-key.guard';
import { LlmService } from '../../llm/llm.service';
import { withRequestId } from '../answer-headers';
import { OpenAiErrorFilter } from '../openai-error.filter';
import { ProxyMetrics } from '../proxy-metrics';
import { forwardedRequest } from './forwarded-request';

/**
 * Every /v1 route without a front end of its own (completions, moderations, files, audio, images,
 * batches, a model by id...), any method: forwarded as it came and never cached. The upstream alone
 * decides whether a route exists; its answer, error or not, comes back as it sent it, streamed.
 * Fastify prefers a static route to this wildcard whatever the order they were registered in.
 */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
@ApiTags('proxy')
export class ForwardController {
  constructor(
    private readonly llm: LlmService,
    private readonly metrics: ProxyMetrics,
  ) {}

  /** Listed in FORWARDING_ROUTES, which lets it take any body. */
  @All('*')
  @ApiOperation({
    summary: 'Any other /v1 route, forwarded uncached',
    description:
      'One wildcard for every /v1 route without a front end of its own (completions, moderations, files, audio, images, batches, a model by id...), any method (TRACE and QUERY too): forwarded as it came, body and all, and the upstream answer streamed back. See https://platform.openai.com/docs/api-reference.',
  })
  @ApiParam({ name: 'path', description: 'the rest of the upstream path, e.g. `moderations`' })
  @ApiOpenAiErrors()
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const forwarded = forwardedRequest(request);
    // When the client leaves, the relayed body is no longer read, and the upstream's next chunk may
    // never come to end it: only an abort ends the upstream call.
    const left = new AbortController();
    reply.raw.on('close', () => reply.raw.writableFinished || left.abort());
    const upstream = await this.metrics.forwarded('other', this.llm.forward({ ...forwarded, signal: left.signal }));
    void reply
      .status(upstream.status)
      .headers(withRequestId(upstream.headers))
      .send(Readable.from(upstream.body, { objectMode: false }));
  }
}
