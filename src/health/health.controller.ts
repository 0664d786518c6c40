import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { SemanticIndexHealthIndicator } from '../embed-cache/semantic-index.health';
import { LlmHealthIndicator } from '../llm/llm.health';
import { RedisHealthIndicator } from '../redis/redis.health';

/**
 * Kubernetes probes. Liveness never looks at dependencies (a Redis outage must not restart
 * every pod); readiness does. Both answer 503 with the failing part named when down.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: RedisHealthIndicator,
    private readonly llm: LlmHealthIndicator,
    private readonly semanticIndex: SemanticIndexHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.store.isHealthy(),
      () => this.llm.isHealthy(),
      () => this.semanticIndex.isHealthy(),
    ]);
  }

  /** Liveness and readiness together, for people and simple monitors. */
  @Get()
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.ready();
  }
}
