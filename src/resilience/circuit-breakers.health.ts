import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { CircuitBreakers } from './circuit-breakers.service';

/**
 * The breakers' states in /health/ready's details. Always up: an open breaker already answers for
 * its dependency (a miss, or a 503 for the upstream), and taking every replica out of rotation
 * because a shared upstream is down would also stop the cache hits.
 */
@Injectable()
export class CircuitBreakersHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly breakers: CircuitBreakers,
  ) {}

  isHealthy(key = 'circuits'): HealthIndicatorResult {
    return this.health.check(key).up(this.breakers.states());
  }
}
