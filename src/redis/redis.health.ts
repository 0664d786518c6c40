import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Cluster } from 'ioredis';
import { RedisConfig } from '../config/redis.config';
import { withTimeout } from '../common/with-timeout';
import { RedisClient } from './redis-client';
import { REDIS_CLIENT } from './redis.constants';

type Indicator = ReturnType<HealthIndicatorService['check']>;

/**
 * Readiness of the store: a PING with a timeout when Redis is configured, always up in memory. A
 * cluster is up when every master answers and says `cluster_state:ok` (all slots served); during
 * a failover it is down until a replica has taken over.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: RedisConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
  ) {}

  async isHealthy(key = 'store'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (this.redis === null) return indicator.up({ kind: 'memory' });
    if (this.redis instanceof Cluster) return this.clusterHealth(indicator, this.redis);
    try {
      await withTimeout(this.redis.ping(), this.config.timeoutMs, 'Redis PING');
      return indicator.up({ kind: 'redis' });
    } catch (error) {
      return indicator.down({ kind: 'redis', message: (error as Error).message });
    }
  }

  private async clusterHealth(indicator: Indicator, cluster: Cluster): Promise<HealthIndicatorResult> {
    const masters = cluster.nodes('master');
    const details = { kind: 'redis-cluster', masters: masters.length };
    try {
      const infos = await withTimeout(
        Promise.all(masters.map((node) => node.cluster('INFO'))),
        this.config.timeoutMs,
        'Redis CLUSTER INFO',
      );
      const states = infos.map((info) => /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown');
      const failing = states.find((state) => state !== 'ok');
      if (masters.length === 0) return indicator.down({ ...details, message: 'no master known' });
      if (failing !== undefined) return indicator.down({ ...details, message: `cluster_state:${failing}` });
      return indicator.up({ ...details, state: 'ok' });
    } catch (error) {
      return indicator.down({ ...details, message: (error as Error).message });
    }
  }
}
