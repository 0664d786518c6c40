import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApproximateIndex, ApproximateIndexFactory } from './ann/approximate-index.port';
import { bucketSettings } from './ann/bucket-settings';
import { createUsearchIndex } from './ann/usearch-index';
import { manualSlices } from '../../test/support/manual-slices';
import { PartitionBucket } from './partition-bucket';

/** A graph that reports a given size and records how many neighbours each search asked for. */
function recordingGraph(size: number): ApproximateIndex & { asked: number[] } {
  const asked: number[] = [];
  return {
    size,
    asked,
    add: () => undefined,
    remove: () => undefined,
    save: () => undefined,
    load: () => undefined,
    search: (_v, count) => (asked.push(count), { labels: [], similarities: [] }),
  };
}

describe(PartitionBucket.name, () => {
  const searchWith = (graphSize: number) => {
    const graph = recordingGraph(graphSize);
    const bucket = new PartitionBucket<{ id: string }>(
      bucketSettings('f32', { exactScanMax: 1, graphBatch: 1, efSearch: 64, createGraph: () => graph }),
    );
    bucket.upsert('a', { id: 'a' }, new Float32Array([1, 0]));
    bucket.upsert('b', { id: 'b' }, new Float32Array([0, 1]));
    bucket.nearest(
      new Float32Array([1, 0]),
      0,
      () => true,
      () => undefined,
    );
    return graph.asked;
  };

  it('asks a graph of ordinary size for a few candidates (efSearch bounds the walk)', () => {
    expect(searchWith(100_000)).toEqual([8]);
  });

  it('searches a graph of a million entries 3x wider than efSearch, for recall', () => {
    expect(searchWith(1_000_000)).toEqual([192]);
  });

  describe('exact scan or graph', () => {
    const DIMENSIONS = 64;
    const dense = (seed: number) => Float32Array.from({ length: DIMENSIONS }, (_, i) => Math.sin(seed * 31 + i) || 1);
    /** Two non-zeros of 64: a scan reads 2 values, not 64. */
    const sparse = (seed: number) => {
      const vector = new Float32Array(DIMENSIONS);
      vector[seed % DIMENSIONS] = 0.6;
      vector[(seed * 7 + 1) % DIMENSIONS] += 0.8;
      return vector;
    };
    const fill = (make: (seed: number) => Float32Array, count: number) => {
      const bucket = new PartitionBucket<{ id: string }>(bucketSettings('f32', { exactScanMax: 4, graphBatch: 1 }));
      for (let i = 0; i < count; i++) bucket.upsert(`k${i}`, { id: `k${i}` }, make(i));
      return bucket;
    };

    it('moves dense vectors into a graph beyond exactScanMax', () => {
      expect(fill(dense, 4).usesGraph).toBe(false);
      expect(fill(dense, 5).usesGraph).toBe(true);
    });

    it('scans sparse vectors exactly for longer, in proportion to their cheaper scan', () => {
      // Budget: 4 dense vectors x 64 dimensions = 256; a sparse one costs 4 x 2 non-zeros = 8, so 32 fit.
      expect(fill(sparse, 32).usesGraph).toBe(false);
      expect(fill(sparse, 33).usesGraph).toBe(true);
    });

    it('moves its scanned entries into the new graph in later slices, never within a write', () => {
      const batches: number[] = [];
      const graph = { ...recordingGraph(0), add: (labels: number[]) => void batches.push(labels.length) };
      const { slices, drain } = manualSlices();
      const bucket = new PartitionBucket<{ id: string }>(
        bucketSettings('f32', { exactScanMax: 4, graphBatch: 2, createGraph: () => graph, slices }),
      );

      for (let i = 0; i < 6; i++) bucket.upsert(`k${i}`, { id: `k${i}` }, dense(i));

      expect(bucket.usesGraph).toBe(true);
      expect(batches).toEqual([]);
      expect(bucket.waiting).toBe(6);
      drain();
      expect(batches.reduce((sum, n) => sum + n, 0)).toBe(6);
      expect(Math.max(...batches)).toBeLessThanOrEqual(2);
      expect(bucket.waiting).toBe(0);
    });

    it('ends a slice before an insert that would overrun it, even when inserts slow down', () => {
      jest.useFakeTimers();
      try {
        const batches: number[] = [];
        // The first insert takes 1 ms, the next ones 3 ms of a 4 ms slice: once one has taken 3 ms,
        // another would end past the deadline, so it waits for the next slice.
        const slowGraph = {
          ...recordingGraph(0),
          add: (labels: number[]) =>
            void jest.advanceTimersByTime(batches.push(labels.length) === 1 ? 1 : 3 * labels.length),
        };
        const { slices, runTurn } = manualSlices();
        const bucket = new PartitionBucket<{ id: string }>(
          bucketSettings('f32', { exactScanMax: 4, graphBatch: 64, createGraph: () => slowGraph, slices }),
        );
        for (let i = 0; i < 6; i++) bucket.upsert(`k${i}`, { id: `k${i}` }, dense(i));

        runTurn();
        runTurn();

        // First slice: 1 ms, then 3 ms (expected 1 ms); second slice: 3 ms, then another would overrun.
        expect(batches).toEqual([1, 1, 1]);
        expect(bucket.waiting).toBe(3);
      } finally {
        jest.useRealTimers();
      }
    });

    it('finds every entry while it moves them into the graph', () => {
      const unit = (seed: number) => {
        const vector = dense(seed);
        const norm = Math.hypot(...vector);
        return vector.map((x) => x / norm);
      };
      const { slices, runTurn } = manualSlices();
      const bucket = new PartitionBucket<{ id: string }>(
        bucketSettings('f32', { exactScanMax: 4, graphBatch: 2, slices }),
      );
      let movedWhileWaiting = false;
      for (let i = 0; i < 12; i++) {
        bucket.upsert(`k${i}`, { id: `k${i}` }, unit(i));
        runTurn();
        movedWhileWaiting ||= bucket.usesGraph && bucket.waiting > 0;
        for (let j = 0; j <= i; j++)
          expect(
            bucket.nearest(
              unit(j),
              0.999,
              () => true,
              () => undefined,
            )?.ref.id,
          ).toBe(`k${j}`);
      }
      expect(movedWhileWaiting).toBe(true);
    });

    it('still finds the nearest entry on either side of the switch', () => {
      for (const count of [32, 33]) {
        const bucket = fill(sparse, count);
        expect(
          bucket.nearest(
            sparse(5),
            0.99,
            () => true,
            () => undefined,
          )?.ref.id,
        ).toBe('k5');
      }
    });
  });

  describe('while entries wait for the graph', () => {
    const DIMENSIONS = 16;
    let state = 11;
    const random = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const unit = () => {
      const vector = Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5);
      const norm = Math.hypot(...vector);
      return vector.map((x) => x / norm);
    };
    /** 20 entries in a graph (exact scan up to 4), with nothing waiting; graph inserts are counted. */
    const setup = () => {
      const manual = manualSlices();
      const inserted: number[] = [];
      const createGraph: ApproximateIndexFactory = (options) => {
        const graph = createUsearchIndex(options);
        const add = graph.add.bind(graph);
        graph.add = (labels, vectors) => (inserted.push(...labels), add(labels, vectors));
        return graph;
      };
      const settings = bucketSettings('f32', { exactScanMax: 4, graphBatch: 4, createGraph, slices: manual.slices });
      const bucket = new PartitionBucket<{ id: string }>(settings);
      const put = (key: string) => {
        const vector = unit();
        bucket.upsert(key, { id: key }, vector);
        return vector;
      };
      for (let i = 0; i < 20; i++) put(`old${i}`);
      manual.drain();
      return { ...manual, bucket, put, inserted, settings };
    };
    const find = (bucket: PartitionBucket<{ id: string }>, vector: Float32Array) =>
      bucket.nearest(
        vector,
        0.999,
        () => true,
        () => undefined,
      )?.ref.id;

    it('finds an entry written a moment ago, before and after it enters the graph', () => {
      const { bucket, put, drain } = setup();

      const fresh = put('fresh');

      expect(bucket.waiting).toBe(1);
      expect(find(bucket, fresh)).toBe('fresh');
      drain();
      expect(bucket.waiting).toBe(0);
      expect(find(bucket, fresh)).toBe('fresh');
    });

    it('never inserts an entry deleted while it waited', () => {
      const { bucket, put, drain, inserted } = setup();
      const before = inserted.length;
      const doomed = put('doomed');

      bucket.remove('doomed');
      drain();

      expect(inserted.length).toBe(before);
      expect(find(bucket, doomed)).toBeUndefined();
    });

    it('finds only the new vector of an entry replaced while it waited', () => {
      const { bucket, put, drain } = setup();
      const old = put('k');
      const replacement = put('k');

      drain();

      expect(find(bucket, old)).toBeUndefined();
      expect(find(bucket, replacement)).toBe('k');
      expect(bucket.size).toBe(21);
    });

    it('saves without inserting, and restores the waiting entries searchable before they enter the graph', () => {
      const { bucket, put, inserted, settings } = setup();
      const waiting = [put('w1'), put('w2')];
      const before = inserted.length;
      const dir = mkdtempSync(join(tmpdir(), 'bucket-'));
      try {
        const image = bucket.save(join(dir, 'graph'), join(dir, 'waiting'));

        expect(inserted.length).toBe(before);
        expect(image.waiting).toBe(2);
        const later = manualSlices();
        const restored = PartitionBucket.restore(
          { ...settings, slices: later.slices },
          image,
          join(dir, 'graph'),
          join(dir, 'waiting'),
          (ref) => ref.id,
        );
        expect(restored.waiting).toBe(2);
        expect(find(restored, waiting[1])).toBe('w2');
        later.drain();
        expect(restored.waiting).toBe(0);
        expect(find(restored, waiting[0])).toBe('w1');
        expect(restored.size).toBe(22);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('moves a batch within a write once the waiting entries cost two exact scans', () => {
      // Exact scan budget: 4 vectors x 16 dimensions; 8 waiting vectors cost two scans.
      const { bucket, put } = setup();
      for (let i = 0; i < 8; i++) put(`new${i}`);
      expect(bucket.waiting).toBe(8);

      put('new8');

      expect(bucket.waiting).toBe(9 - 4);
    });

    it('inserts at least one vector in a slice whose time is already up', () => {
      const { bucket, put } = setup();
      put('a');
      put('b');

      const done = bucket.runSlice(performance.now() - 1);

      expect(done).toBe(false);
      expect(bucket.waiting).toBe(1);
    });
  });

  it('answers sparse vectors through postings exactly as a brute-force scan would, after removals, at any threshold', () => {
    const DIMENSIONS = 512;
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const sparseUnit = () => {
      const vector = new Float32Array(DIMENSIONS);
      for (let k = 0; k < 20; k++) vector[Math.floor(random() * DIMENSIONS)] += random() - 0.3;
      const norm = Math.hypot(...vector);
      return vector.map((x) => x / norm);
    };
    const bucket = new PartitionBucket<{ id: string }>(bucketSettings('f32'));
    const stored = new Map<string, Float32Array>();
    for (let i = 0; i < 600; i++) {
      const vector = sparseUnit();
      stored.set(`k${i}`, vector);
      bucket.upsert(`k${i}`, { id: `k${i}` }, vector);
    }
    for (let i = 0; i < 600; i += 3) {
      bucket.remove(`k${i}`);
      stored.delete(`k${i}`);
    }
    expect(bucket.usesGraph).toBe(false);

    for (let q = 0; q < 40; q++) {
      // Half the queries are near a stored vector, half are fresh.
      const near = [...stored.values()][q * 7];
      const query = q % 2 === 0 ? near.map((x, d) => x + (d % 50 === 0 ? 0.05 : 0)) : sparseUnit();
      for (const minSimilarity of [0.3, 0, -1]) {
        let expected: { id: string; similarity: number } | undefined;
        for (const [id, vector] of stored) {
          const similarity = vector.reduce((sum, x, d) => sum + x * query[d], 0);
          if (similarity >= minSimilarity && (!expected || similarity > expected.similarity))
            expected = { id, similarity };
        }
        const found = bucket.nearest(
          query,
          minSimilarity,
          () => true,
          () => undefined,
        );
        expect(found?.ref.id).toBe(expected?.id);
        if (expected) expect(found!.similarity).toBeCloseTo(expected.similarity, 5);
      }
    }
  });
});
