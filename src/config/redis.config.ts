import { Environment } from './environment';

/** Where the shared store lives; `url` undefined selects the in-process adapters. */
export class RedisConfig {
  readonly url?: string;
  readonly timeoutMs: number;

  constructor(env: Environment) {
    this.url = env.REDIS_URL;
    this.timeoutMs = env.REDIS_TIMEOUT_MS;
  }
}
