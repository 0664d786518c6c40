import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownState } from './shutdown-state';

/** Readiness while shutting down: down from the signal on, so the load balancer stops sending requests. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly state: ShutdownState,
  ) {}

  isHealthy(key = 'shutdown'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.state.draining
      ? indicator.down({ message: 'shutting down: finishing the requests in flight' })
      : indicator.up();
  }
}
