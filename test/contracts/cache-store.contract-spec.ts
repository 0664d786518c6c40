import Redis from 'ioredis';
import { MemoryCacheStore } from '../../src/cache-store/adapters/memory-cache-store';
import { RedisCacheStore } from '../../src/cache-store/adapters/redis-cache-store';
import { useTestRedis } from '../support/test-redis';
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
    const expireShortLived = async () => {
      const client: Redis = redis.client();
      for (const key of await client.keys('*')) {
        const ttl = await client.pttl(key);
        if (ttl > 0 && ttl <= 1000) await client.pexpire(key, 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    cacheStoreContract('redis', async () => new RedisCacheStore(redis.client()), expireShortLived);
  });
});
