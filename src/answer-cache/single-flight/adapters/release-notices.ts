import { Logger } from '@nestjs/common';
import { duplicateClient, RedisClient } from '../../../redis/redis-client';

/** The channel that carries the key of every released single-flight lock. */
const CHANNEL = 'llm_cache_flight_released';

/**
 * Wake-ups for callers waiting on a lock held by another replica, over one pub/sub connection
 * per process (opened on first use; a Redis Cluster relays PUBLISH to the subscribers of every
 * node). Without it (connection failed, message lost) waiters still wake at their poll interval:
 * pub/sub only makes them faster.
 */
export class ReleaseNotices {
  private readonly logger = new Logger(ReleaseNotices.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscriber?: Promise<RedisClient | undefined>;

  constructor(private readonly redis: RedisClient) {}

  async announce(key: string): Promise<void> {
    await this.redis.publish(CHANNEL, key);
  }

  /** Resolves on the next release of `key`, or after `ms`. */
  async next(key: string, ms: number): Promise<void> {
    await this.subscribed();
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(key) ?? new Set();
      this.waiters.set(key, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /** Disconnects; a later next() polls instead of opening a connection nobody would close. */
  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = Promise.resolve(undefined);
    (await subscriber)?.disconnect();
  }

  private subscribed(): Promise<RedisClient | undefined> {
    this.subscriber ??= this.connect();
    return this.subscriber;
  }

  private async connect(): Promise<RedisClient | undefined> {
    const subscriber = duplicateClient(this.redis, { lazyConnect: true });
    subscriber.on('error', (error: Error) => this.logger.warn(`Single-flight wake-up connection: ${error.message}`));
    subscriber.on('message', (_channel: string, key: string) => this.wake(key));
    try {
      await subscriber.connect();
      await subscriber.subscribe(CHANNEL);
      return subscriber;
    } catch (error) {
      this.logger.warn(`No single-flight wake-ups (waiters poll instead): ${(error as Error).message}`);
      subscriber.disconnect();
      return undefined;
    }
  }

  private wake(key: string): void {
    for (const done of [...(this.waiters.get(key) ?? [])]) done();
  }
}
