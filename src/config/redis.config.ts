import { Environment } from './environment';

/** Where the shared store lives; `url` undefined selects the in-process adapters. */
export class RedisConfig {
  readonly url?: string;
  readonly timeoutMs: number;
  /** Skip the read of an exact-layer key Redis is known not to hold (see RedisTrackedKeys). */
  readonly keyTracking: boolean;

  constructor(env: Environment) {
    this.url = env.REDIS_URL;
    this.timeoutMs = env.REDIS_TIMEOUT_MS;
    this.keyTracking = env.REDIS_KEY_TRACKING;
  }
}
