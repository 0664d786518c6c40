import { Environment } from './environment';

/** Where the shared store lives; `url` undefined selects the in-process adapters. */
export class RedisConfig {
  readonly url?: string;
  readonly timeoutMs: number;
  /** PEM CA bundle trusted for `rediss://`; undefined = the system's CAs. */
  readonly tlsCaFile?: string;

  constructor(env: Environment) {
    this.url = env.REDIS_URL;
    this.timeoutMs = env.REDIS_TIMEOUT_MS;
    this.tlsCaFile = env.REDIS_TLS_CA_FILE;
  }
}
