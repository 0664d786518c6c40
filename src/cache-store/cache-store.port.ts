/**
 * A string key-value store with per-entry expiry: the exact (prompt) cache layer's backend.
 * The abstract class is the DI token. Every adapter passes `test/contracts/cache-store.contract.ts`.
 * Failures reject; callers decide that a failure is a miss.
 */
export abstract class CacheStore {
  /** Human-readable adapter name for logs and health (`memory`, `redis`). */
  abstract readonly kind: string;

  /** The stored value, or undefined when the key is absent or has expired. */
  abstract get(key: string): Promise<string | undefined>;

  /**
   * Stores `value` under `key`, replacing any previous value.
   * @param ttlSeconds whole seconds until expiry; 0 = never expires.
   */
  abstract set(key: string, value: string, ttlSeconds: number): Promise<void>;

  /** Removes one key; resolves true when it existed. */
  abstract delete(key: string): Promise<boolean>;

  /** Removes every key that starts with `prefix` (never anything else); resolves how many. */
  abstract deleteByPrefix(prefix: string): Promise<number>;

  /** How many live keys start with `prefix`. May walk the keyspace: for metrics and admin, not the hot path. */
  abstract countByPrefix(prefix: string): Promise<number>;

  /**
   * Every live key starting with `prefix` with its value, yielded lazily (in pages in Redis), so
   * that a caller may stop early or stream millions. A key that expires during the walk may be
   * left out. For admin listing and export, not the hot path.
   */
  abstract entries(prefix: string): AsyncIterable<{ key: string; value: string }>;
}
