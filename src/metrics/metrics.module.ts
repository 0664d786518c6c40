import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsJsonService } from './metrics-json.service';
import { MetricsController } from './metrics.controller';
import { metricProviders } from './metrics.providers';
import { MetricsService } from './metrics.service';

/** Prometheus at GET /metrics, the JSON summary at GET /metrics/json, and {@link MetricsService} for everyone else. */
@Global()
@Module({
  imports: [
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
  ],
  providers: [...metricProviders, MetricsService, MetricsJsonService, HttpMetricsHook],
  exports: [MetricsService, MetricsJsonService],
})
export class MetricsModule {}
