import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { MetricsJsonService, MetricsJson } from './metrics-json.service';
import { MetricsService } from './metrics.service';

/** GET /metrics (Prometheus text) refreshes the entry gauges first; GET /metrics/json summarises. */
@ApiTags('metrics')
@Controller()
export class MetricsController extends PrometheusController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly json: MetricsJsonService,
  ) {
    super();
  }

  @Get()
  @ApiOperation({ summary: 'Prometheus text exposition' })
  @ApiProduces('text/plain')
  override async index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    await this.metrics.refreshEntryGauges();
    return super.index(response);
  }

  @Get('json')
  @ApiOperation({
    summary: 'The same figures as JSON: hit rates, latency percentiles, LLM calls avoided, tokens and dollars saved',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  async asJson(): Promise<MetricsJson> {
    return this.json.snapshot();
  }
}
