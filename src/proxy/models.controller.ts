import { Controller, Get, UseFilters } from '@nestjs/common';
import { OpenAiErrorFilter } from './openai-error.filter';
import { OpenAiJson, OpenAiUpstream } from './openai-upstream.port';

/** GET /v1/models, forwarded as is, so clients that list models before calling keep working. */
@Controller('v1')
@UseFilters(OpenAiErrorFilter)
export class ModelsController {
  constructor(private readonly upstream: OpenAiUpstream) {}

  @Get('models')
  list(): Promise<OpenAiJson> {
    return this.upstream.listModels();
  }
}
