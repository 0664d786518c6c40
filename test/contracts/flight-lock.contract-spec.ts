import Redis from 'ioredis';
import { LocalFlightLock } from '../../src/answer-cache/single-flight/adapters/local-flight-lock';
import { RedisFlightLock } from '../../src/answer-cache/single-flight/adapters/redis-flight-lock';
import { HeldFlightLock } from '../../src/answer-cache/single-flight/flight-lock.port';
import { useTestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';
import { flightLockContract } from './flight-lock.contract';

describe('FlightLock adapters', () => {
  describe('local', () => {
    flightLockContract('local', async () => ({ sut: new LocalFlightLock(), other: new LocalFlightLock() }));
  });

  describe('redis', () => {
    const redis = useTestRedis();
    const made: RedisFlightLock[] = [];
    afterEach(async () => {
      await Promise.all(made.splice(0).map((lock) => lock.onApplicationShutdown()));
    });
    const make = () => {
      const lock = new RedisFlightLock(redis.client(), { ttlMs: 5_000 });
      made.push(lock);
      return lock;
    };
    flightLockContract('redis', async () => ({ sut: make(), other: make() }));

    it('takes the key when Redis cannot be reached: the lock saves calls, it never fails one', async () => {
      const unreachable = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
      const sut = new RedisFlightLock(unreachable, { ttlMs: 5_000 });

      const held = await sut.tryAcquire('k');

      expect(held).toBeDefined();
      await held?.release();
      unreachable.disconnect();
    });

    it('keeps a held lock (and the process) alive when Redis drops while it is refreshed', async () => {
      const client = new Redis(redis.url, { enableOfflineQueue: false, lazyConnect: true });
      await client.connect();
      const failures: Error[] = [];
      const sut = new RedisFlightLock(client, { ttlMs: 300, onRefreshError: (error) => failures.push(error) });
      const held = await sut.tryAcquire('k');

      client.disconnect(); // the next refresh fails: before the fix, an unhandled rejection ended the process
      await waitUntil(() => failures.length > 0, 'a refresh failed');

      expect(held).toBeDefined();
      await held?.release();
      await sut.onApplicationShutdown();
    });

    it("lets a dead holder's lock expire, so a waiter can take over", async () => {
      // A holder that stops refreshing (its process died) holds the key for the TTL, then no longer.
      await redis.client().set('mutex:llm_cache_flight:k', 'a-dead-replica', 'PX', 200);
      const sut = make();

      expect(await sut.tryAcquire('k')).toBeUndefined();
      let takenOver: HeldFlightLock | undefined;
      await waitUntil(async () => (takenOver = await sut.tryAcquire('k')) !== undefined, 'the dead lock expired');

      expect(await redis.client().get('mutex:llm_cache_flight:k')).not.toBe('a-dead-replica');
      await takenOver?.release();
    });
  });
});
