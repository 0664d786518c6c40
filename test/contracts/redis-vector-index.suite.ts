import { RedisVectorIndex } from '../../src/vector-index/adapters/redis-vector-index';
import { bucketSettings } from '../../src/vector-index/ann/bucket-settings';
import { embedKey } from '../../src/vector-index/embed-entry-codec';
import { BucketSettings } from '../../src/vector-index/bucket-settings.interface';
import { IndexSnapshots } from '../../src/vector-index/snapshot/index-snapshots';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANGE_STREAM } from '../../src/vector-index/redis/redis-change-feed';
import { manualSlices } from '../support/manual-slices';
import { waitUntil } from '../support/wait-until';
import { allKeys, expireNow, TestRedis } from '../support/test-redis';
import { redisSemanticBudgetSuite } from './redis-semantic-budget.suite';
import { IndexBounds, makeEntry, randomUnitVector, vectorIndexContract } from './vector-index.contract';

const TTL_SECONDS = 60;
/** Buckets beyond 8 entries use the HNSW graph, so the contract's larger cases run through it. */
const graph = bucketSettings('f32', { exactScanMax: 8, graphBatch: 4 });
/** Similarities are re-scored on the stored float32 vector, so a float16 graph meets the same contract. */
export const searchModes = [
  ['exact scan', bucketSettings('f32')],
  ['HNSW graph', graph],
  ['HNSW graph of float16', bucketSettings('f16', { exactScanMax: 8, graphBatch: 4 })],
] as const;

/**
 * The VectorIndex contract and what only the Redis adapter does (persistence, snapshots, replicas
 * in step, SEMANTIC_MAX_ENTRIES), on the Redis given: the same tests for one Redis and a cluster.
 */
export function redisVectorIndexSuite(name: string, redis: TestRedis): void {
  let sut: RedisVectorIndex;
  const made: RedisVectorIndex[] = [];
  const make = (bucket: BucketSettings = graph, bounds: IndexBounds = {}) => {
    const index = new RedisVectorIndex(redis.client(), { ttlSeconds: TTL_SECONDS, bucket, ...bounds });
    made.push(index);
    return index;
  };
  // load() starts following the change stream; stop every follower after each test.
  afterEach(async () => {
    await Promise.all(made.splice(0).map((index) => index.onApplicationShutdown()));
  });

  describe.each(searchModes)('%s', (mode, bucket) => {
    vectorIndexContract(`${name}, ${mode}`, {
      makeSut: async (bounds) => make(bucket, bounds),
      // Redis expires keys itself; a 1 ms PEXPIRE stands in for waiting a minute.
      expireAll: () => expireNow(redis.client(), 'embed_cache:*'),
    });
  });

  beforeEach(() => {
    sut = make();
  });

  it('persists entries as embed_cache:<namespace>:<id> hashes with the ttl', async () => {
    await sut.upsert(makeEntry({ id: 'x', vector: randomUnitVector(8, 1), namespace: 'tenant-a' }));
    const key = embedKey('tenant-a', 'x');
    expect(await redis.client().hget(key, 'question')).toBe('question x');
    expect(await redis.client().hget(key, 'dim')).toBe('8');
    const ttl = await redis.client().ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
  });

  it('loads what another instance stored, as after a restart', async () => {
    const vector = randomUnitVector(16, 9);
    await sut.upsert(makeEntry({ id: 'x', vector, answer: 'persisted' }));
    const restarted = make();
    expect(await restarted.load()).toBe(1);
    expect(
      (await restarted.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: 0.99 }))?.entry.answer,
    ).toBe('persisted');
  });

  it('rebuilds from Redis into a graph that finds the exact nearest neighbour of nearly every probe', async () => {
    const stored = Array.from({ length: 150 }, (_, i) =>
      makeEntry({ id: `e${i}`, vector: randomUnitVector(24, i + 1) }),
    );
    for (const entry of stored) await sut.upsert(entry);

    const restarted = make(graph);
    expect(await restarted.load()).toBe(150);

    // The rebuild inserts on both cores, so the graph (approximate by design) differs between runs:
    // fresh random probes are its worst case; recall is measured by bench/vector-index.js.
    let exact = 0;
    for (let q = 0; q < 20; q++) {
      const probe = randomUnitVector(24, 5_000 + q);
      const dot = (v: Float32Array) => v.reduce((sum, x, i) => sum + x * probe[i], 0);
      const expected = stored.reduce((best, e) => (dot(e.vector) > dot(best.vector) ? e : best));
      const match = await restarted.nearest({ namespace: 'ns', partition: 'p1', vector: probe, minSimilarity: -1 });
      if (match?.entry.id === expected.id) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(18);
    // A stored vector as its own query: the graph's best case, yet still approximate (a CI run once
    // missed one of 30 on this small, uniformly random set); a vector lost by the rebuild misses always.
    let found = 0;
    for (const entry of stored.slice(0, 30)) {
      const match = await restarted.nearest({
        namespace: 'ns',
        partition: 'p1',
        vector: entry.vector,
        minSimilarity: 0.99,
      });
      if (match?.entry.id === entry.id) found++;
    }
    expect(found).toBeGreaterThanOrEqual(28);
  });

  it('sweeps entries Redis expired out of the index and the LRU bookkeeping', async () => {
    const bounded = new RedisVectorIndex(redis.client(), { ttlSeconds: TTL_SECONDS, maxPerNamespace: 10 });
    made.push(bounded);
    await bounded.upsert(makeEntry({ id: 'short', vector: randomUnitVector(8, 1) }), 1);
    await bounded.upsert(makeEntry({ id: 'long', vector: randomUnitVector(8, 2) }));
    // One second of TTL, counted from the write's reply; poll rather than guess a busy machine's delay.
    let swept = 0;
    for (const deadline = Date.now() + 3_000; swept === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      swept = await bounded.sweepExpired();
    }

    expect(swept).toBe(1);

    expect(await redis.client().zrange('embed_cache_lru:ns', 0, -1)).toEqual(['long']);
    expect(await bounded.size()).toBe(1);
  });

  it('with int8 quantisation stores a quarter of the vector bytes and still finds each stored question', async () => {
    const int8 = new RedisVectorIndex(redis.client(), {
      ttlSeconds: TTL_SECONDS,
      bucket: bucketSettings('i8', { exactScanMax: 8, graphBatch: 4 }),
    });
    made.push(int8);
    const stored = Array.from({ length: 60 }, (_, i) =>
      makeEntry({ id: `e${i}`, vector: randomUnitVector(64, 700 + i) }),
    );
    for (const entry of stored) await int8.upsert(entry);

    expect(await redis.client().hget(embedKey('ns', 'e0'), 'dtype')).toBe('i8');
    expect((await redis.client().hgetBuffer(embedKey('ns', 'e0'), 'vector'))?.length).toBe(64);
    const restarted = new RedisVectorIndex(redis.client(), {
      ttlSeconds: TTL_SECONDS,
      bucket: bucketSettings('i8', { exactScanMax: 8, graphBatch: 4 }),
    });
    made.push(restarted);
    await restarted.load();
    for (const index of [int8, restarted]) {
      let found = 0;
      for (const entry of stored) {
        const match = await index.nearest({
          namespace: 'ns',
          partition: 'p1',
          vector: entry.vector,
          minSimilarity: 0.99,
        });
        if (match?.entry.id === entry.id) found++;
      }
      expect(found).toBeGreaterThanOrEqual(58);
    }
  });

  it('skips damaged hashes under the prefix while loading', async () => {
    await sut.upsert(makeEntry({ id: 'good', vector: randomUnitVector(8, 1) }));
    await redis.client().hset('embed_cache:ns:bad', { question: 'q', vector: 'xyz' });
    expect(await make().load()).toBe(1);
  });

  it('removes an entry again when its announcement fails: no replica serves what the others never heard of', async () => {
    await redis.client().set('embed_cache_changes', 'not a stream'); // XADD now fails (WRONGTYPE)
    const vector = randomUnitVector(8, 4);

    await expect(sut.upsert(makeEntry({ id: 'x', vector }))).rejects.toThrow(/WRONGTYPE/);

    expect(await redis.client().exists(embedKey('ns', 'x'))).toBe(0);
    expect(await redis.client().zcard('embed_cache_lru:ns')).toBe(0);
    expect(await sut.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: 0.5 })).toBeUndefined();
  });

  it('does not serve an entry deleted in Redis behind its back', async () => {
    const vector = randomUnitVector(8, 2);
    await sut.upsert(makeEntry({ id: 'x', vector }));
    await redis.client().del(embedKey('ns', 'x'));
    expect(await sut.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: 0.5 })).toBeUndefined();
  });

  describe('snapshots (SEMANTIC_SNAPSHOT_DIR)', () => {
    let dir: string;
    const withSnapshots = () => {
      const index = new RedisVectorIndex(redis.client(), {
        ttlSeconds: TTL_SECONDS,
        bucket: graph,
        snapshots: new IndexSnapshots(dir, 'f32'),
      });
      made.push(index);
      return index;
    };
    const vectors = Array.from({ length: 40 }, (_, i) => randomUnitVector(16, 300 + i));
    const near = (index: RedisVectorIndex, vector: Float32Array) =>
      index.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: 0.99 });

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'index-snapshot-'));
      const writer = withSnapshots();
      await writer.load();
      for (const [i, vector] of vectors.entries()) await writer.upsert(makeEntry({ id: `e${i}`, vector }));
      expect(await writer.persistSnapshot()).toBe(40);
    });
    // Before the outer afterEach: a shutdown writes a snapshot, which must not land after the removal.
    afterEach(async () => {
      await Promise.all(made.splice(0).map((index) => index.onApplicationShutdown()));
      rmSync(dir, { recursive: true, force: true });
    });

    it('restores the snapshot, then catches up with the changes made since', async () => {
      const other = make();
      await other.load();
      await other.upsert(makeEntry({ id: 'late', vector: vectors[0].map((x) => -x) }));
      await other.delete('ns', 'e1');
      // Not announced on the stream: only a restored snapshot can still hold it (a rebuild would not).
      await redis.client().del(embedKey('ns', 'e2'));

      const restarted = withSnapshots();
      expect(await restarted.load()).toBe(40);

      expect(
        (
          await near(
            restarted,
            vectors[0].map((x) => -x),
          )
        )?.entry.id,
      ).toBe('late');
      expect(await near(restarted, vectors[1])).toBeUndefined();
      expect(await near(restarted, vectors[2])).toBeUndefined(); // checked against Redis on the hit
      expect((await near(restarted, vectors[3]))?.entry).toMatchObject({ id: 'e3', answer: 'answer e3' });
    });

    it('rebuilds from Redis when the change stream was trimmed past the snapshot', async () => {
      await redis.client().del(embedKey('ns', 'e2'));
      await redis.client().xtrim('embed_cache_changes', 'MAXLEN', 0);
      await make().upsert(makeEntry({ id: 'late', vector: randomUnitVector(16, 1) }));

      expect(await withSnapshots().load()).toBe(40);
    });

    it('rebuilds from Redis when the snapshot is damaged', async () => {
      const current = readFileSync(join(dir, 'CURRENT'), 'utf8');
      writeFileSync(join(dir, current, 'bucket-0.bin'), 'not a graph');
      await redis.client().del(embedKey('ns', 'e2'));

      expect(await withSnapshots().load()).toBe(39);
    });

    it('writes no new snapshot when nothing changed since the one it restored', async () => {
      // The writer's snapshot may predate its own last changes (its follower lags): a restart that
      // catches up with them writes one, at the stream's end; the next restart then has nothing new.
      const caughtUp = withSnapshots();
      await caughtUp.load();
      await caughtUp.persistSnapshot();
      const before = readFileSync(join(dir, 'CURRENT'), 'utf8');
      const index = withSnapshots();
      await index.load();

      expect(await index.persistSnapshot()).toBeUndefined();
      await index.onApplicationShutdown();

      expect(readFileSync(join(dir, 'CURRENT'), 'utf8')).toBe(before);
    });

    it('writes a snapshot at shutdown, replacing the previous one', async () => {
      const before = readFileSync(join(dir, 'CURRENT'), 'utf8');
      const index = withSnapshots();
      await index.load();
      await index.upsert(makeEntry({ id: 'late', vector: randomUnitVector(16, 1) }));

      await index.onApplicationShutdown();

      const after = readFileSync(join(dir, 'CURRENT'), 'utf8');
      expect(after).not.toBe(before);
      expect(readdirSync(dir).filter((name) => name.startsWith('snapshot-'))).toEqual([after]);
      expect(await withSnapshots().load()).toBe(41);
    });

    it('keeps entries still waiting for the graph when a shutdown writes the snapshot', async () => {
      const { slices, turnsWaiting } = manualSlices();
      const stalled = new RedisVectorIndex(redis.client(), {
        ttlSeconds: TTL_SECONDS,
        bucket: { ...graph, slices },
        snapshots: new IndexSnapshots(dir, 'f32'),
      });
      made.push(stalled);
      await stalled.load();
      const late = Array.from({ length: 6 }, (_, i) => randomUnitVector(16, 900 + i));
      for (const [i, vector] of late.entries()) await stalled.upsert(makeEntry({ id: `late${i}`, vector }));
      expect(turnsWaiting()).toBe(1);

      await stalled.onApplicationShutdown();

      const current = readFileSync(join(dir, 'CURRENT'), 'utf8');
      expect(readdirSync(join(dir, current))).toContain('bucket-0.waiting.bin');
      const restarted = withSnapshots();
      expect(await restarted.load()).toBe(46);
      for (const [i, vector] of late.entries()) expect((await near(restarted, vector))?.entry.id).toBe(`late${i}`);
      expect((await near(restarted, vectors[5]))?.entry.id).toBe('e5');
    });
  });

  describe('two replicas on one Redis', () => {
    const replica = async () => {
      const index = make();
      await index.load();
      return index;
    };
    /** Polls for up to 1 s: a replica must see another's change within that. */
    const within1s = async <T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
      const deadline = Date.now() + 1000;
      let value = await probe();
      while (!done(value) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        value = await probe();
      }
      return value;
    };
    const near = (index: RedisVectorIndex, vector: Float32Array) => () =>
      index.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: 0.99 });

    it('finds an entry stored by the other replica within 1 s, and forgets one it deleted', async () => {
      const [a, b] = [await replica(), await replica()];
      const vector = randomUnitVector(16, 21);
      await a.upsert(makeEntry({ id: 'shared', vector }));
      expect((await within1s(near(b, vector), (m) => m !== undefined))?.entry.id).toBe('shared');

      await a.delete('ns', 'shared');
      expect(
        await within1s(
          () => b.size(),
          (n) => n === 0,
        ),
      ).toBe(0);
    });

    it('reloads from Redis when changes it had not read are gone (a Redis that restarted empty)', async () => {
      const [a, b] = [await replica(), await replica()];
      const lost = randomUnitVector(16, 31);
      await a.upsert(makeEntry({ id: 'lost', vector: lost }));
      await a.upsert(makeEntry({ id: 'kept', vector: randomUnitVector(16, 32) }));
      await within1s(
        () => b.size(),
        (n) => n === 2,
      );

      // What such a Redis holds: no change stream, and not every entry (the rest came back from elsewhere).
      await redis.client().del(CHANGE_STREAM);
      await redis.client().del(embedKey('ns', 'lost'));

      await waitUntil(async () => (await b.size()) === 1, 'the replica reloaded', 5000);
      expect(await near(b, lost)()).toBeUndefined();
      // The writer follows the same stream, so it reloads as well (its index is empty meanwhile).
      await waitUntil(async () => (await a.size()) === 1, 'the writer reloaded too', 5000);
    });

    it("applies the other replica's clear", async () => {
      const [a, b] = [await replica(), await replica()];
      await a.upsert(makeEntry({ id: 'x', vector: randomUnitVector(8, 1), namespace: 'n1' }));
      await a.upsert(makeEntry({ id: 'y', vector: randomUnitVector(8, 2), namespace: 'n2' }));
      await within1s(
        () => b.size(),
        (n) => n === 2,
      );

      await a.clear('n1');
      expect(
        await within1s(
          () => b.size(),
          (n) => n === 1,
        ),
      ).toBe(1);
    });
  });

  describe('SEMANTIC_MAX_ENTRIES', () => {
    const bounded = () => {
      const index = new RedisVectorIndex(redis.client(), {
        ttlSeconds: TTL_SECONDS,
        maxPerNamespace: 3,
        maxTotalEntries: 100,
      });
      made.push(index);
      return index;
    };
    const vectors = [1, 2, 3, 4, 5].map((seed) => randomUnitVector(16, 100 + seed));
    const near = (index: RedisVectorIndex, vector: Float32Array, namespace = 'ns') =>
      index.nearest({ namespace, partition: 'p1', vector, minSimilarity: 0.99 });

    it('evicts the least recently written or hit entry of a namespace beyond the bound, from Redis and the index', async () => {
      const index = bounded();
      for (const [i, id] of ['a', 'b', 'c'].entries()) await index.upsert(makeEntry({ id, vector: vectors[i] }));
      await index.upsert(makeEntry({ id: 'other-namespace', vector: vectors[4], namespace: 'elsewhere' }));
      // A hit makes `a` recent. Its touch is not awaited, but one connection runs commands in order.
      expect((await near(index, vectors[0]))?.entry.id).toBe('a');

      await index.upsert(makeEntry({ id: 'd', vector: vectors[3] }));

      expect(await near(index, vectors[1])).toBeUndefined();
      expect(await redis.client().exists(embedKey('ns', 'b'))).toBe(0);
      for (const [i, id] of [
        [0, 'a'],
        [2, 'c'],
        [3, 'd'],
      ] as const)
        expect((await near(index, vectors[i]))?.entry.id).toBe(id);
      expect((await near(index, vectors[4], 'elsewhere'))?.entry.id).toBe('other-namespace');
    });

    it('leaves no bookkeeping behind after a clear', async () => {
      const index = bounded();
      await index.upsert(makeEntry({ id: 'a', vector: vectors[0] }));
      await index.clear();
      expect(await allKeys(redis.client(), 'embed_cache_lru*')).toEqual([]);
    });
  });

  redisSemanticBudgetSuite(redis);

  it('clears only its own keys', async () => {
    await redis.client().set('unrelated', 'keep');
    await sut.upsert(makeEntry({ id: 'x', vector: randomUnitVector(8, 3) }));
    await sut.clear();
    expect(await redis.client().get('unrelated')).toBe('keep');
  });
}
