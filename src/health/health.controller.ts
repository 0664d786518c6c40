import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { SemanticIndexHealthIndicator } from '../embed-cache/semantic-index.health';
import { LlmHealthIndicator } from '../llm/llm.health';
import { RedisHealthIndicator } from '../redis/redis.health';
import { CircuitBreakersHealthIndicator } from '../resilience/circuit-breakers.health';
import { ShutdownHealthIndicator } from '../shutdown/shutdown.health';

/**
 * Kubernetes probes. Liveness never looks at dependencies (a Redis outage must not restart
 * every pod); readiness does, goes down as soon as a shutdown starts, and shows the circuit
 * breakers' states. Both answer 503 with the failing part named when down.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly store: RedisHealthIndicator,
    private readonly llm: LlmHealthIndicator,
    private readonly semanticIndex: SemanticIndexHealthIndicator,
    private readonly circuits: CircuitBreakersHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up (dependencies not checked)' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: Redis, LLM configured, semantic index, circuit breakers, not shutting down; 503 names what is down',
  })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.store.isHealthy(),
      () => this.llm.isHealthy(),
      () => this.semanticIndex.isHealthy(),
      () => this.circuits.isHealthy(),
      () => this.shutdown.isHealthy(),
    ]);
  }

  /** Liveness and readiness together, for people and simple monitors. */
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness together' })
  @HealthCheck()
  all(): Promise<HealthCheckResult> {
    return this.ready();
  }
}
