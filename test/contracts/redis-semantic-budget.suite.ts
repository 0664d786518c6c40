import { RedisVectorIndex, RedisVectorIndexOptions } from '../../src/vector-index/adapters/redis-vector-index';
import { bucketSettings } from '../../src/vector-index/ann/bucket-settings';
import { embedKey } from '../../src/vector-index/embed-entry-codec';
import { GLOBAL_LRU_KEY } from '../../src/vector-index/redis/redis-global-lru';
import { SemanticEvictionReason } from '../../src/vector-index/vector-index.port';
import { allKeys, TestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';
import { makeEntry, randomUnitVector } from './vector-index.contract';

/**
 * SEMANTIC_MAX_TOTAL_ENTRIES on the Redis given (one Redis or a cluster): Redis and every replica's
 * mirror hold at most the bound, and the entries kept are the most recently used across replicas.
 */
export function redisSemanticBudgetSuite(redis: TestRedis): void {
  describe('SEMANTIC_MAX_TOTAL_ENTRIES', () => {
    const made: RedisVectorIndex[] = [];
    const evicted: Record<SemanticEvictionReason, number> = { per_namespace: 0, global: 0 };
    const replica = async (options: Partial<RedisVectorIndexOptions>) => {
      const index = new RedisVectorIndex(redis.client(), {
        ttlSeconds: 60,
        bucket: bucketSettings('f32', { exactScanMax: 8, graphBatch: 4 }),
        onEvict: (reason, count) => (evicted[reason] += count),
        ...options,
      });
      made.push(index);
      await index.load();
      return index;
    };
    const vectorOf = (n: number, i: number) => randomUnitVector(16, 5_000 + n * 50 + i);
    const find = (index: RedisVectorIndex, n: number, i: number) =>
      index.nearest({ namespace: `tenant-${n}`, partition: 'p1', vector: vectorOf(n, i), minSimilarity: 0.99 });
    const write = (index: RedisVectorIndex, n: number, i: number) =>
      index.upsert(makeEntry({ id: `e${i}`, namespace: `tenant-${n}`, vector: vectorOf(n, i) }));
    const semanticKeys = async () => (await allKeys(redis.client(), 'embed_cache:*')).length;

    beforeEach(() => {
      evicted.per_namespace = evicted.global = 0;
    });
    afterEach(async () => {
      await Promise.all(made.splice(0).map((index) => index.onApplicationShutdown()));
    });

    // The figures (1000; 50 × 100) at a fifth: the same proof, in a few seconds on a busy machine.
    it('with 200 and 20 namespaces × 50 written, Redis and both replicas keep the 200 most recently used', async () => {
      const [a, b] = [await replica({ maxTotalEntries: 200 }), await replica({ maxTotalEntries: 200 })];
      const keepers = [0, 1, 2, 3, 4];

      for (let n = 0; n < 20; n++) {
        // A namespace's writes at once: their order among themselves does not matter here.
        await Promise.all(Array.from({ length: 50 }, (_, i) => write(n % 2 === 0 ? a : b, n, i)));
        // Hit on b only: a's mirror never sees them, Redis's recency does.
        await waitUntil(async () => (await find(b, n, 49)) !== undefined, `b holds tenant-${n}`);
        if (n > 0) for (const i of keepers) expect((await find(b, 0, i))?.entry.id).toBe(`e${i}`);
      }

      // The 200 most recent: the 5 keepers, tenants 17-19, and 45 of tenant-16.
      expect(await semanticKeys()).toBe(200);
      expect(await redis.client().zcard(GLOBAL_LRU_KEY)).toBe(200);
      for (const index of [a, b]) {
        await waitUntil(async () => (await index.size()) === 200, 'each mirror drops what Redis evicted');
        for (const i of keepers) expect((await find(index, 0, i))?.entry.id).toBe(`e${i}`);
        for (const n of [17, 19]) for (const i of [0, 49]) expect((await find(index, n, i))?.entry.id).toBe(`e${i}`);
        expect(await find(index, 15, 49)).toBeUndefined();
      }
      expect(await allKeys(redis.client(), 'embed_cache:tenant-16:*')).toHaveLength(45);
      expect(await redis.client().exists(embedKey('tenant-0', 'e0'))).toBe(1);
      expect(await redis.client().exists(embedKey('tenant-0', 'e5'))).toBe(0);
      expect(evicted).toEqual({ per_namespace: 0, global: 800 });
    }, 60_000);

    it('lets the per-namespace bound evict first, without counting its evictions twice', async () => {
      const index = await replica({ maxPerNamespace: 3, maxTotalEntries: 5 });
      for (let i = 0; i < 4; i++) await write(index, 0, i);
      for (let i = 0; i < 3; i++) await write(index, 1, i);

      // tenant-0 kept e1-e3 (per namespace); then the least recent of those left for tenant-1's third.
      expect(await redis.client().zrange(GLOBAL_LRU_KEY, 0, -1)).toEqual(
        ['0:e2', '0:e3', '1:e0', '1:e1', '1:e2'].map((key) => embedKey(`tenant-${key[0]}`, key.slice(2))),
      );
      expect(await semanticKeys()).toBe(5);
      expect(await index.size()).toBe(5);
      expect(evicted).toEqual({ per_namespace: 1, global: 1 });
    });

    it('evicts at the sweep what a lowered bound leaves beyond it, on every replica', async () => {
      const writer = await replica({ maxTotalEntries: 1000 });
      for (let i = 0; i < 20; i++) await write(writer, 0, i);
      const lowered = await replica({ maxTotalEntries: 10 });

      await lowered.sweepExpired();

      expect(await semanticKeys()).toBe(10);
      expect((await find(lowered, 0, 19))?.entry.id).toBe('e19');
      expect(await find(lowered, 0, 9)).toBeUndefined();
      await waitUntil(async () => (await writer.size()) === 10, "the writer's mirror follows the sweep");
      expect(evicted.global).toBe(10);
    });

    it('takes a cleared namespace out of the global recency, also when the clearing index sets no bound', async () => {
      const index = await replica({ maxTotalEntries: 100 });
      for (let i = 0; i < 3; i++) await write(index, 0, i);
      await write(index, 1, 0);
      // As `npm run cache:clear` does: an index of its own, without the bound.
      const unbounded = await replica({});

      await unbounded.clear('tenant-0');

      expect(await redis.client().zrange(GLOBAL_LRU_KEY, 0, -1)).toEqual([embedKey('tenant-1', 'e0')]);
      await unbounded.clear();
      expect(await redis.client().exists(GLOBAL_LRU_KEY)).toBe(0);
    });
  });
}
