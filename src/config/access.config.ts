import { Environment } from './environment';

/** Whether any API key source is configured; without one the service runs open. */
export function keysConfigured(env: Pick<Environment, 'API_KEYS' | 'API_KEYS_FILE'>): boolean {
  return env.API_KEYS !== undefined || env.API_KEYS_FILE !== undefined;
}

/** API keys, admin key and rate limits (see {@link Environment} for formats and defaults). */
export class AccessConfig {
  /** `key:namespace,…`; undefined = none from the environment. */
  readonly apiKeys?: string;
  /** Path of the JSON/YAML keys file; undefined = none. */
  readonly apiKeysFile?: string;
  /** HMAC secret of derived namespaces and accepted-key marks; set when keys or passthrough are (validated). */
  readonly cacheSecret?: string;
  /** undefined = admin endpoints only on loopback in open mode. */
  readonly adminKey?: string;
  /** Requests per minute per key without a limit of its own; 0 = unlimited. */
  readonly rateLimitRpm: number;
  /** False: no key source, every caller is trusted (open mode). */
  readonly keysConfigured: boolean;
  /** True: the caller's own Bearer key goes upstream (UPSTREAM_AUTH=passthrough). */
  readonly passthrough: boolean;
  /** Passthrough: seconds an upstream's acceptance of a key is remembered. */
  readonly acceptedKeyTtlSeconds: number;

  constructor(env: Environment) {
    this.apiKeys = env.API_KEYS;
    this.apiKeysFile = env.API_KEYS_FILE;
    this.cacheSecret = env.CACHE_SECRET;
    this.adminKey = env.ADMIN_KEY;
    this.rateLimitRpm = env.RATE_LIMIT_RPM;
    this.keysConfigured = keysConfigured(env);
    this.passthrough = env.UPSTREAM_AUTH === 'passthrough';
    this.acceptedKeyTtlSeconds = env.PASSTHROUGH_KEY_TTL_S;
  }
}
