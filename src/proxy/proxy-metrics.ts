import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { answerSourceOf } from '../common/answer-source';
import { CacheStatus } from '../common/cache-headers';
import { ProxyRoute } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';

/** What the proxy reports: which layer served each answer, on which route. */
@Injectable()
export class ProxyMetrics {
  constructor(private readonly metrics: MetricsService) {}

  served(route: ProxyRoute, status: CacheStatus, started: number, tokensFromCache = 0): void {
    this.metrics.recordProxyAnswer(
      route,
      answerSourceOf(status),
      (performance.now() - started) / 1000,
      tokensFromCache,
    );
  }
}
