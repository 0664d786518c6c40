import { normalizeInPlace } from '../../src/vector-index/vector-math';
import { SemanticEntry, VectorIndex } from '../../src/vector-index/vector-index.port';

/** A seeded pseudo-random unit vector, so failures reproduce. */
export function randomUnitVector(dimension: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return normalizeInPlace(Float32Array.from({ length: dimension }, next));
}

export function makeEntry(overrides: Partial<SemanticEntry> & Pick<SemanticEntry, 'id' | 'vector'>): SemanticEntry {
  return {
    namespace: 'ns',
    partition: 'p1',
    embedderId: 'test-embedder',
    question: `question ${overrides.id}`,
    answer: `answer ${overrides.id}`,
    model: 'm',
    createdAt: 1,
    tokens: 3,
    ...overrides,
  };
}

/** Bounds a contract case sets on its index; unset = none beyond the adapter's defaults. */
export interface IndexBounds {
  /** SEMANTIC_MAX_TOTAL_ENTRIES. */
  maxTotalEntries?: number;
}

export interface VectorIndexHarness {
  /** A fresh, empty index with a TTL of 60 s. */
  makeSut: (bounds?: IndexBounds) => Promise<VectorIndex>;
  /** Moves time forward past the TTL of entries written so far. */
  expireAll: () => Promise<void>;
}

/** What every VectorIndex adapter must do. */
export function vectorIndexContract(name: string, harness: VectorIndexHarness): void {
  describe(`VectorIndex contract: ${name}`, () => {
    let sut: VectorIndex;
    const query = (
      vector: Float32Array,
      overrides: Partial<{ namespace: string; partition: string; minSimilarity: number }> = {},
    ) => sut.nearest({ namespace: 'ns', partition: 'p1', vector, minSimilarity: -1, ...overrides });

    beforeEach(async () => {
      sut = await harness.makeSut();
    });

    it('finds the same nearest neighbour as an exact search on random data', async () => {
      const stored = Array.from({ length: 200 }, (_, i) =>
        makeEntry({ id: `e${i}`, vector: randomUnitVector(32, i + 1) }),
      );
      for (const entry of stored) await sut.upsert(entry);
      for (let q = 0; q < 20; q++) {
        const probe = randomUnitVector(32, 10_000 + q);
        const dot = (v: Float32Array) => v.reduce((sum, x, i) => sum + x * probe[i], 0);
        const expected = stored.reduce((best, e) => (dot(e.vector) > dot(best.vector) ? e : best));
        const match = await query(probe);
        expect(match?.entry.id).toBe(expected.id);
        expect(match?.similarity).toBeCloseTo(dot(expected.vector), 5);
      }
    });

    it('returns the stored fields with the match', async () => {
      const vector = randomUnitVector(8, 7);
      await sut.upsert(makeEntry({ id: 'x', vector, question: '什麼是快取？', answer: 'A cache is…', tokens: 42 }));
      const match = await query(vector);
      expect(match).toMatchObject({
        entry: { id: 'x', question: '什麼是快取？', answer: 'A cache is…', tokens: 42, model: 'm' },
      });
      expect(match?.similarity).toBeCloseTo(1, 5);
    });

    it('keeps an audit of the hits an entry served: count, lowest and last similarity', async () => {
      const stored = randomUnitVector(16, 11);
      await sut.upsert(makeEntry({ id: 'x', vector: stored }));
      const close = normalizeInPlace(stored.map((x, i) => x + (i === 0 ? 0.2 : 0)));
      const closer = normalizeInPlace(stored.map((x, i) => x + (i === 0 ? 0.05 : 0)));

      const first = await query(close);
      const second = await query(closer);
      const third = await query(stored);

      expect(first?.entry.hits).toBeUndefined();
      expect(second?.entry.hits?.count).toBe(1);
      expect(second?.entry.hits?.minSimilarity).toBeCloseTo(first!.similarity, 5);
      expect(second?.entry.hits?.lastSimilarity).toBeCloseTo(first!.similarity, 5);
      expect(third?.entry.hits?.count).toBe(2);
      expect(third?.entry.hits?.minSimilarity).toBeCloseTo(first!.similarity, 5);
      expect(third?.entry.hits?.lastSimilarity).toBeCloseTo(second!.similarity, 5);
    });

    it('audits a match found with record: false only once recordHit is called', async () => {
      const stored = randomUnitVector(16, 12);
      await sut.upsert(makeEntry({ id: 'x', vector: stored }));
      const close = normalizeInPlace(stored.map((x, i) => x + (i === 0 ? 0.2 : 0)));

      const candidate = await sut.nearest({
        namespace: 'ns',
        partition: 'p1',
        vector: close,
        minSimilarity: -1,
        record: false,
      });
      const unserved = await sut.nearest({
        namespace: 'ns',
        partition: 'p1',
        vector: stored,
        minSimilarity: -1,
        record: false,
      });
      await sut.recordHit(candidate!);
      const served = await query(stored);

      expect(unserved?.entry.hits).toBeUndefined();
      expect(served?.entry.hits?.count).toBe(1);
      expect(served?.entry.hits?.minSimilarity).toBeCloseTo(candidate!.similarity, 5);
    });

    it('ignores recordHit of an entry deleted meanwhile', async () => {
      const vector = randomUnitVector(8, 13);
      await sut.upsert(makeEntry({ id: 'x', vector }));
      const candidate = await sut.nearest({
        namespace: 'ns',
        partition: 'p1',
        vector,
        minSimilarity: -1,
        record: false,
      });
      await sut.delete('ns', 'x');

      await sut.recordHit(candidate!);

      expect(await query(vector)).toBeUndefined();
      expect(await sut.size()).toBe(0);
    });

    it('stores a calibration with the entry, and never recreates a deleted entry for one', async () => {
      const vector = randomUnitVector(8, 17);
      const calibration = { minSimilarity: 0.97, wrong: 1, right: 2, outcomes: [{ milli: 960, correct: 0, wrong: 1 }] };
      await sut.upsert(makeEntry({ id: 'x', vector }));

      expect(await sut.calibrate('ns', 'x', calibration)).toBe(true);
      expect((await sut.get('ns', 'x'))?.calibration).toEqual(calibration);
      expect((await query(vector))?.entry.calibration).toEqual(calibration);
      await sut.delete('ns', 'x');
      expect(await sut.calibrate('ns', 'x', calibration)).toBe(false);
      expect(await sut.get('ns', 'x')).toBeUndefined();
    });

    it('returns nothing below minSimilarity', async () => {
      await sut.upsert(makeEntry({ id: 'x', vector: randomUnitVector(8, 1) }));
      expect(await query(randomUnitVector(8, 2), { minSimilarity: 0.99 })).toBeUndefined();
    });

    it('never matches across partitions or namespaces', async () => {
      const vector = randomUnitVector(8, 3);
      await sut.upsert(makeEntry({ id: 'x', vector }));
      expect(await query(vector, { partition: 'p2' })).toBeUndefined();
      expect(await query(vector, { namespace: 'other' })).toBeUndefined();
    });

    it('replaces an entry upserted again with the same id', async () => {
      const vector = randomUnitVector(8, 4);
      await sut.upsert(makeEntry({ id: 'x', vector, answer: 'old' }));
      await sut.upsert(makeEntry({ id: 'x', vector, answer: 'new' }));
      expect((await query(vector))?.entry.answer).toBe('new');
      expect(await sut.size()).toBe(1);
    });

    it('forgets a deleted entry', async () => {
      const vector = randomUnitVector(8, 5);
      await sut.upsert(makeEntry({ id: 'x', vector }));
      expect(await sut.delete('ns', 'x')).toBe(true);
      expect(await query(vector)).toBeUndefined();
      expect(await sut.delete('ns', 'x')).toBe(false);
    });

    it('clears one namespace or everything', async () => {
      await sut.upsert(makeEntry({ id: 'a', vector: randomUnitVector(8, 1), namespace: 'n1' }));
      await sut.upsert(makeEntry({ id: 'b', vector: randomUnitVector(8, 2), namespace: 'n2' }));
      await sut.upsert(makeEntry({ id: 'c', vector: randomUnitVector(8, 3), namespace: 'n2' }));
      expect(await sut.clear('n2')).toBe(2);
      expect(await sut.size()).toBe(1);
      expect(await sut.clear()).toBe(1);
      expect(await sut.size()).toBe(0);
    });

    it('lists the live entries of one namespace or of all', async () => {
      await sut.upsert(makeEntry({ id: 'a', vector: randomUnitVector(8, 11) }));
      await sut.upsert(makeEntry({ id: 'b', namespace: 'other', vector: randomUnitVector(8, 12) }));
      const listed = async (namespace?: string) => {
        const ids: string[] = [];
        for await (const entry of sut.entries(namespace)) ids.push(`${entry.namespace}/${entry.id}/${entry.answer}`);
        return ids.sort();
      };
      expect(await listed('ns')).toEqual(['ns/a/answer a']);
      expect(await listed()).toEqual(['ns/a/answer a', 'other/b/answer b']);
      await harness.expireAll();
      expect(await listed()).toEqual([]);
    });

    it('keeps an entry upserted with ttl 0 past the default ttl', async () => {
      const vector = randomUnitVector(8, 8);
      await sut.upsert(makeEntry({ id: 'forever', vector }), 0);
      await harness.expireAll();
      expect((await query(vector))?.entry.id).toBe('forever');
    });

    it('never returns an entry after its ttl elapses', async () => {
      const vector = randomUnitVector(8, 6);
      await sut.upsert(makeEntry({ id: 'x', vector }));
      await harness.expireAll();
      expect(await query(vector)).toBeUndefined();
      expect(await sut.size()).toBe(0);
    });

    it('holds at most SEMANTIC_MAX_TOTAL_ENTRIES across namespaces, keeping the most recently used', async () => {
      const bounded = await harness.makeSut({ maxTotalEntries: 100 });
      const namespaces = Array.from({ length: 10 }, (_, n) => `tenant-${n}`);
      const vectorOf = (n: number, i: number) => randomUnitVector(16, 1_000 + n * 20 + i);
      const find = (n: number, i: number) =>
        bounded.nearest({ namespace: namespaces[n], partition: 'p1', vector: vectorOf(n, i), minSimilarity: 0.99 });
      const keepers = [0, 1, 2, 3, 4]; // of tenant-0, hit after each later namespace is written

      for (const [n, namespace] of namespaces.entries()) {
        for (let i = 0; i < 20; i++)
          await bounded.upsert(makeEntry({ id: `e${i}`, namespace, vector: vectorOf(n, i) }));
        if (n > 0) for (const i of keepers) expect((await find(0, i))?.entry.id).toBe(`e${i}`);
      }

      // The 100 most recent: the 5 keepers, tenants 6-9, and the last 15 written to tenant-5.
      expect(await bounded.size()).toBe(100);
      for (const i of keepers) expect((await find(0, i))?.entry.id).toBe(`e${i}`);
      for (let i = 0; i < 20; i++) expect((await find(9, i))?.entry.id).toBe(`e${i}`);
      expect((await find(5, 5))?.entry.id).toBe('e5');
      expect(await find(5, 4)).toBeUndefined();
      expect(await find(0, 5)).toBeUndefined();
      expect(await find(1, 19)).toBeUndefined();
    });
  });
}
