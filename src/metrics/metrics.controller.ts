import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { MetricsJsonService, MetricsJson } from './metrics-json.service';
import { MetricsService } from './metrics.service';

/** GET /metrics (Prometheus text) refreshes the entry gauges first; GET /metrics/json summarises. */
@Controller()
export class MetricsController extends PrometheusController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly json: MetricsJsonService,
  ) {
    super();
  }

  @Get()
  override async index(@Res({ passthrough: true }) response: unknown): Promise<string> {
    await this.metrics.refreshEntryGauges();
    return super.index(response);
  }

  @Get('json')
  async asJson(): Promise<MetricsJson> {
    return this.json.snapshot();
  }
}
