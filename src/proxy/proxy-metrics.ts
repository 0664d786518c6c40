import { Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CacheStatus } from '../common/cache-headers';
import { ProxyRoute } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';

const SOURCE = { HIT: 'prompt_cache', SEMANTIC_HIT: 'semantic_cache', COALESCED: 'coalesced' } as const;

/** What the proxy reports: which layer served each answer, on which route. */
@Injectable()
export class ProxyMetrics {
  constructor(private readonly metrics: MetricsService) {}

  served(route: ProxyRoute, status: CacheStatus, started: number, tokensFromCache = 0): void {
    const source = status === 'HIT' || status === 'SEMANTIC_HIT' || status === 'COALESCED' ? SOURCE[status] : 'llm';
    this.metrics.recordProxyAnswer(route, source, (performance.now() - started) / 1000, tokensFromCache);
  }
}
