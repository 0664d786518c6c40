import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { RedisConfig } from '../config/redis.config';
import { withTimeout } from '../common/with-timeout';
import { REDIS_CLIENT } from './redis.constants';

/** Readiness of the store: a PING with a timeout when Redis is configured, always up in memory. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: RedisConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
  ) {}

  async isHealthy(key = 'store'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (this.redis === null) return indicator.up({ kind: 'memory' });
    try {
      await withTimeout(this.redis.ping(), this.config.timeoutMs, 'Redis PING');
      return indicator.up({ kind: 'redis' });
    } catch (error) {
      return indicator.down({ kind: 'redis', message: (error as Error).message });
    }
  }
}
