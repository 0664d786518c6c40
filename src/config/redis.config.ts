import { Environment } from './environment';

/** Where the shared store lives; neither `url` nor `clusterNodes` selects the in-process adapters. */
export class RedisConfig {
  readonly url?: string;
  /** REDIS_CLUSTER_NODES as given (comma-separated seed nodes); exclusive with `url`. */
  readonly clusterNodes?: string;
  readonly timeoutMs: number;
  /** PEM CA bundle trusted for `rediss://`; undefined = the system's CAs. */
  readonly tlsCaFile?: string;

  constructor(env: Environment) {
    this.url = env.REDIS_URL;
    this.clusterNodes = env.REDIS_CLUSTER_NODES;
    this.timeoutMs = env.REDIS_TIMEOUT_MS;
    this.tlsCaFile = env.REDIS_TLS_CA_FILE;
  }
}
