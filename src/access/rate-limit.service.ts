import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisClient } from '../redis/redis-client';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/errors/access.errors';
import { AccessConfig } from '../config/access.config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { ApiKey } from './api-keys';

const WINDOW_SECONDS = 60;
/** Redis keys `llm_cache_rate:<key name>`: a count per key and window, shared by every replica. */
const KEY_PREFIX = 'llm_cache_rate';

/**
 * Requests per minute per API key (rate-limiter-flexible): in Redis when the service has one, so
 * every replica counts against one budget, else in process. One limiter per distinct limit; they
 * share the count of a key, so changing a key's limit mid-minute keeps what it has used.
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | null,
    private readonly config: AccessConfig,
  ) {}

  /**
   * Counts one request of `key`; E_RATE_LIMITED once its limit for the minute is spent. Cache hits
   * count too: a hit still costs the service, and an unlimited stream of hits would let a key
   * probe which questions are cached. A Redis failure falls back to an in-process count.
   */
  async consume(key: ApiKey): Promise<void> {
    const rpm = key.rateLimitRpm ?? this.config.rateLimitRpm;
    if (rpm === 0) return;
    try {
      await this.limiter(rpm).consume(key.name);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        this.logger.warn(`Rate limit not counted for ${key.name}: ${String(rejection)}`);
        return;
      }
      throw new RateLimitedError(
        `Rate limit of ${rpm} requests per minute reached for API key ${key.name}`,
        Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      );
    }
  }

  private limiter(points: number): RateLimiterAbstract {
    let limiter = this.limiters.get(points);
    if (limiter === undefined) {
      const options = { points, duration: WINDOW_SECONDS, keyPrefix: KEY_PREFIX };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
