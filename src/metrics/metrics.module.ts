import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { PricingModule } from '../pricing/pricing.module';
import { BuildInfo } from './build-info';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsJsonService } from './metrics-json.service';
import { MetricsController } from './metrics.controller';
import { metricProviders } from './metrics.providers';
import { MetricsService } from './metrics.service';
import { SavingsService } from './savings.service';

/** Prometheus at GET /metrics, the JSON summary at GET /metrics/json, and {@link MetricsService} for everyone else. */
@Global()
@Module({
  imports: [
    PricingModule,
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
  ],
  providers: [...metricProviders, MetricsService, MetricsJsonService, SavingsService, HttpMetricsHook, BuildInfo],
  exports: [MetricsService, MetricsJsonService],
})
export class MetricsModule {}
