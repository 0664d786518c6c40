import { MemoryCacheStore } from '../../src/cache-store/adapters/memory-cache-store';
import { RedisCacheStore } from '../../src/cache-store/adapters/redis-cache-store';
import { expireNow, useTestRedis } from '../support/test-redis';
import { cacheStoreContract } from './cache-store.contract';

describe('CacheStore adapters', () => {
  describe('memory', () => {
    let clock = 0;
    beforeEach(() => {
      clock = 1_000_000;
      // lru-cache reads time from performance.now(); moving it is the injected clock.
      jest.spyOn(performance, 'now').mockImplementation(() => clock);
    });
    afterEach(() => jest.restoreAllMocks());

    cacheStoreContract(
      'memory',
      async () => new MemoryCacheStore(100),
      async (seconds) => {
        clock += seconds * 1000;
      },
    );

    it('evicts the least recently used key beyond maxEntries', async () => {
      const sut = new MemoryCacheStore(2);
      await sut.set('a', '1', 0);
      await sut.set('b', '2', 0);
      await sut.get('a');
      await sut.set('c', '3', 0);
      expect(await sut.get('b')).toBeUndefined();
      expect(await sut.get('a')).toBe('1');
    });
  });

  describe('redis', () => {
    const redis = useTestRedis();
    // Redis expires keys on its own clock; PEXPIRE to 1 ms stands in for waiting.
    const expireShortLived = () => expireNow(redis.client(), '*', 1000);
    cacheStoreContract('redis', async () => new RedisCacheStore(redis.client()), expireShortLived);
  });
});
