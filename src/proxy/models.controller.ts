import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OpenAiErrorFilter } from './openai-error.filter';
import { fetchWhole, OpenAiUpstream } from './openai-upstream.port';

/** GET /v1/models, forwarded as is, so clients that list models before calling keep working. */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
export class ModelsController {
  constructor(private readonly upstream: OpenAiUpstream) {}

  @Get('models')
  async list(@Res() reply: FastifyReply): Promise<void> {
    const models = await fetchWhole(this.upstream, { method: 'GET', path: 'models' });
    void reply.headers(models.headers).send(models.bytes);
  }
}
