import { RedisFlightLock } from '../../src/answer-cache/single-flight/adapters/redis-flight-lock';
import { RedisCacheStore } from '../../src/cache-store/adapters/redis-cache-store';
import { hasRedisCluster } from '../support/redis-cluster';
import { useTestRedisCluster } from '../support/test-redis-cluster';
import { expireNow } from '../support/test-redis';
import { cacheStoreContract } from './cache-store.contract';
import { flightLockContract } from './flight-lock.contract';
import { redisVectorIndexSuite } from './redis-vector-index.suite';

const available = hasRedisCluster();
if (!available) console.warn('Skipping redis-cluster.contract-spec: it needs redis-server and redis-cli');

/** The Redis adapters of every port on a 3-master Redis Cluster: what passes on one Redis passes here. */
(available ? describe : describe.skip)('Redis adapters on a 3-master Redis Cluster', () => {
  const redis = useTestRedisCluster({ masters: 3 });

  describe('CacheStore', () => {
    const store = () => new RedisCacheStore(redis.client());
    // Redis expires keys on its own clock; PEXPIRE to 1 ms stands in for waiting.
    cacheStoreContract(
      'redis cluster',
      async () => store(),
      () => expireNow(redis.client(), '*', 1000),
    );

    it('counts and deletes by prefix on every master, not only one', async () => {
      const sut = store();
      for (let i = 0; i < 30; i++) await sut.set(`prompt_cache:ns:${i}`, 'v', 60);
      const perMaster = await Promise.all(
        redis
          .client()
          .nodes('master')
          .map((node) => node.dbsize()),
      );
      expect(perMaster.filter((count) => count > 0).length).toBeGreaterThan(1);

      expect(await sut.countByPrefix('prompt_cache:')).toBe(30);
      expect(await sut.deleteByPrefix('prompt_cache:ns:')).toBe(30);
      expect(await sut.countByPrefix('prompt_cache:')).toBe(0);
    });
  });

  describe('VectorIndex', () => {
    redisVectorIndexSuite('redis cluster', redis);
  });

  describe('FlightLock', () => {
    const made: RedisFlightLock[] = [];
    afterEach(async () => {
      await Promise.all(made.splice(0).map((lock) => lock.onApplicationShutdown()));
    });
    const make = () => {
      const lock = new RedisFlightLock(redis.client(), { ttlMs: 5_000 });
      made.push(lock);
      return lock;
    };
    flightLockContract('redis cluster', async () => ({ sut: make(), other: make() }));
  });
});
