import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EmbedCacheService } from './embed-cache.service';

/** Readiness of the semantic layer: down while the persisted entries are still loading or failed to load. */
@Injectable()
export class SemanticIndexHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly embedCache: EmbedCacheService,
  ) {}

  isHealthy(key = 'semanticIndex'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const state = this.embedCache.state;
    return state === 'loaded' ? indicator.up() : indicator.down({ state });
  }
}
