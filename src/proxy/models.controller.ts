import { Controller, Get, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard } from '../access/api-key.guard';
import { LlmService } from '../llm/llm.service';
import { fetchWhole } from '../llm/openai-upstream.port';
import { OpenAiErrorFilter } from './openai-error.filter';

/** GET /v1/models, forwarded as is, so clients that list models before calling keep working. */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
@UseGuards(ApiKeyGuard)
export class ModelsController {
  constructor(private readonly llm: LlmService) {}

  @Get('models')
  async list(@Res() reply: FastifyReply): Promise<void> {
    const models = await fetchWhole((request) => this.llm.forward(request), { method: 'GET', path: 'models' });
    void reply.headers(models.headers).send(models.bytes);
  }
}
