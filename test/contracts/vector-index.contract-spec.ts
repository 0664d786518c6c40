import { MemoryVectorIndex } from '../../src/vector-index/adapters/memory-vector-index';
import { useTestRedis } from '../support/test-redis';
import { redisVectorIndexSuite, searchModes } from './redis-vector-index.suite';
import { makeEntry, randomUnitVector, vectorIndexContract } from './vector-index.contract';

const TTL_SECONDS = 60;

describe('VectorIndex adapters', () => {
  describe.each(searchModes)('memory, %s', (mode, bucket) => {
    let clock = 0;
    vectorIndexContract(`memory, ${mode}`, {
      makeSut: async (bounds) => {
        clock = 1_000_000;
        return new MemoryVectorIndex({
          maxEntries: 10_000,
          ttlSeconds: TTL_SECONDS,
          bucket,
          now: () => clock,
          ...bounds,
        });
      },
      expireAll: async () => {
        clock += (TTL_SECONDS + 1) * 1000;
      },
    });
  });

  it('memory: with SEMANTIC_MAX_TOTAL_ENTRIES=1000 and 50 namespaces × 100 written, keeps the 1000 most recent', async () => {
    const sut = new MemoryVectorIndex({ maxEntries: 10_000, ttlSeconds: TTL_SECONDS, maxTotalEntries: 1000 });
    const write = (n: number, i: number) =>
      sut.upsert(makeEntry({ id: `e${i}`, namespace: `tenant-${n}`, vector: randomUnitVector(16, n * 100 + i + 1) }));
    const find = (n: number, i: number) =>
      sut.nearest({
        namespace: `tenant-${n}`,
        partition: 'p1',
        vector: randomUnitVector(16, n * 100 + i + 1),
        minSimilarity: 0.99,
      });

    for (let n = 0; n < 50; n++) {
      for (let i = 0; i < 100; i++) await write(n, i);
      if (n > 0) expect((await find(0, 0))?.entry.id).toBe('e0'); // one keeper, hit after each namespace
    }

    expect(await sut.size()).toBe(1000);
    expect((await find(0, 0))?.entry.id).toBe('e0');
    expect((await find(40, 1))?.entry.id).toBe('e1');
    expect(await find(40, 0)).toBeUndefined();
    expect(await find(0, 1)).toBeUndefined();
  });

  describe('redis', () => {
    redisVectorIndexSuite('redis', useTestRedis());
  });
});
