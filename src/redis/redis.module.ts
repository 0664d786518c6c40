import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisClient } from './redis-client';
import { redisClientProvider } from './redis-client.provider';
import { REDIS_CLIENT } from './redis.constants';
import { RedisHealthIndicator } from './redis.health';

/** Owns the one Redis or Redis Cluster connection (or its absence) and its health indicator. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [redisClientProvider, RedisHealthIndicator],
  exports: [REDIS_CLIENT, RedisHealthIndicator],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
