import { Logger } from '@nestjs/common';
import { RedisClient } from '../../../redis/redis-client';
import { FlightLock, HeldFlightLock } from '../flight-lock.port';
import { ReleaseNotices } from './release-notices';
import { TolerantMutex } from './tolerant-mutex';

/** Prefix of the lock keys (redis-semaphore adds its own `mutex:` in front). */
const LOCK_PREFIX = 'llm_cache_flight:';

export interface RedisFlightLockOptions {
  /** Milliseconds a lock outlives a holder that stopped refreshing it (a dead process). */
  ttlMs: number;
  /** Called when refreshing a held lock fails (Redis unreachable); default: a warning in the log. */
  onRefreshError?: (error: Error) => void;
}

/**
 * A Redis mutex per exact key (redis-semaphore: SET NX PX with a token, refreshed while held,
 * deleted only by its holder through a Lua compare-and-delete). A release is announced on a
 * pub/sub channel so that waiters on other replicas read the stored answer at once.
 */
export class RedisFlightLock extends FlightLock {
  readonly shared = true;
  private readonly logger = new Logger(RedisFlightLock.name);
  private readonly notices: ReleaseNotices;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisFlightLockOptions,
  ) {
    super();
    this.notices = new ReleaseNotices(redis);
  }

  async tryAcquire(key: string): Promise<HeldFlightLock | undefined> {
    const mutex = new TolerantMutex(this.redis, `${LOCK_PREFIX}${key}`, {
      lockTimeout: this.options.ttlMs,
      // One SET NX: a caller that finds the lock taken waits for its release (see waitForRelease), not in a retry loop.
      acquireAttemptsLimit: 1,
      refreshInterval: Math.max(100, Math.floor(this.options.ttlMs / 3)),
      onLockLost: (error) =>
        this.logger.warn(`Single-flight lock lost (another replica may call the upstream too): ${error.message}`),
    });
    mutex.onRefreshError =
      this.options.onRefreshError ??
      ((error) => this.logger.warn(`Refreshing a single-flight lock failed, retrying: ${error.message}`));
    try {
      if (!(await mutex.tryAcquire())) return undefined;
    } catch (error) {
      this.logger.warn(`Single-flight lock unavailable, calling the upstream without it: ${(error as Error).message}`);
      return { release: () => Promise.resolve() };
    }
    return { release: () => this.release(mutex, key) };
  }

  waitForRelease(key: string, ms: number): Promise<void> {
    return this.notices.next(key, ms);
  }

  private async release(mutex: TolerantMutex, key: string): Promise<void> {
    try {
      await mutex.release();
      await this.notices.announce(key);
    } catch (error) {
      // The lock expires by itself and waiters poll: a failed release costs them at most the TTL.
      this.logger.warn(`Releasing a single-flight lock failed: ${(error as Error).message}`);
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.notices.close();
  }
}
