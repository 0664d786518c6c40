import { MemoryVectorIndex } from '../../src/vector-index/adapters/memory-vector-index';
import { useTestRedis } from '../support/test-redis';
import { redisVectorIndexSuite, searchModes } from './redis-vector-index.suite';
import { vectorIndexContract } from './vector-index.contract';

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

  describe('redis', () => {
    redisVectorIndexSuite('redis', useTestRedis());
  });
});
