import { manualSlices } from '../../test/support/manual-slices';
import { bucketSettings } from './ann/bucket-settings';
import { InMemoryVectors, InMemoryVectorsOptions } from './in-memory-vectors';
import { SemanticEntry } from './vector-index.port';
import { normalizeInPlace } from './vector-math';

/** Unit vector along axis `i` of a `dim`-dimensional space. */
const axis = (i: number, dim = 4) => Float32Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));

const entryOf = (id: string, vector: Float32Array, overrides: Partial<SemanticEntry> = {}): SemanticEntry => ({
  id,
  namespace: 'ns',
  partition: 'p',
  embedderId: 'e',
  question: `q-${id}`,
  answer: `a-${id}`,
  model: 'm',
  createdAt: 0,
  tokens: 0,
  vector,
  ...overrides,
});

const query = (
  vector: Float32Array,
  overrides: { namespace?: string; partition?: string; minSimilarity?: number } = {},
) => ({ namespace: 'ns', partition: 'p', vector, minSimilarity: 0.9, ...overrides });

/** Deterministic PRNG (an LCG) so the brute-force check is reproducible. */
const seededRandom = (seed: number) => () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;

describe(InMemoryVectors.name, () => {
  let clock: number;
  let sut: InMemoryVectors<SemanticEntry>;
  const make = (maxEntries: number, overrides: Partial<InMemoryVectorsOptions> = {}) =>
    new InMemoryVectors<SemanticEntry>({ maxEntries, bucket: bucketSettings('f32'), now: () => clock, ...overrides });
  const put = (entry: SemanticEntry) => sut.upsert(entry, entry.vector);

  beforeEach(() => {
    clock = 1_000;
    sut = make(100);
  });

  it('returns the most similar entry at or above the threshold', () => {
    // Arrange
    put(entryOf('x', axis(0)));
    put(entryOf('close', normalizeInPlace(new Float32Array([1, 0.3, 0, 0]))));
    put(entryOf('closer', normalizeInPlace(new Float32Array([1, 0.1, 0, 0]))));

    // Act
    const match = sut.nearest(query(normalizeInPlace(new Float32Array([1, 0.12, 0, 0]))));

    // Assert
    expect(match?.ref.id).toBe('closer');
    expect(match?.similarity).toBeGreaterThan(0.99);
  });

  it('returns undefined below the threshold and a match exactly at it', () => {
    put(entryOf('x', axis(0)));

    expect(sut.nearest(query(normalizeInPlace(new Float32Array([1, 1, 0, 0]))))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { minSimilarity: 1 }))?.ref.id).toBe('x');
  });

  it('never matches across namespaces or partitions', () => {
    put(entryOf('x', axis(0)));

    expect(sut.nearest(query(axis(0), { namespace: 'other' }))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { partition: 'other' }))).toBeUndefined();
    expect(sut.nearest(query(axis(0)))?.ref.id).toBe('x');
  });

  it('serves an entry until its expiry and never at or after it', () => {
    put(entryOf('x', axis(0), { expiresAt: 2_000 }));

    clock = 1_999;
    expect(sut.nearest(query(axis(0)))?.ref.id).toBe('x');
    clock = 2_000;
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
  });

  it('drops an expired entry it meets during a search', () => {
    // Arrange
    put(entryOf('x', axis(0), { expiresAt: 2_000 }));
    clock = 2_000;

    // Act
    sut.nearest(query(axis(0)));

    // Assert: even with the clock turned back, the entry is gone
    clock = 0;
    expect(sut.size()).toBe(0);
  });

  it('counts expired entries until the sweep drops them, and the sweep drops only those', () => {
    for (let i = 0; i < 10; i++) put(entryOf(`old-${i}`, axis(0), { expiresAt: 1_500 }));
    put(entryOf('forever', axis(1)));
    put(entryOf('later', axis(2), { expiresAt: 9_000 }));
    clock = 1_500;
    expect(sut.size()).toBe(12);

    const swept = sut.sweepExpired();

    expect(swept.map((ref) => ref.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `old-${i}`).sort());
    expect(sut.size()).toBe(2);
    expect(sut.nearest(query(axis(2)))?.ref.id).toBe('later');
  });

  describe('bounded to two entries', () => {
    beforeEach(() => {
      sut = make(2);
      put(entryOf('a', axis(0)));
      put(entryOf('b', axis(1)));
    });

    it('evicts the least recently used entry when a third arrives', () => {
      // Act
      put(entryOf('c', axis(2)));

      // Assert
      expect(sut.size()).toBe(2);
      expect(sut.nearest(query(axis(0)))).toBeUndefined();
      expect(sut.nearest(query(axis(1)))?.ref.id).toBe('b');
      expect(sut.nearest(query(axis(2)))?.ref.id).toBe('c');
    });

    it('counts a hit as use, so a recently hit entry survives eviction', () => {
      // Arrange
      sut.nearest(query(axis(0)));

      // Act
      put(entryOf('c', axis(2)));

      // Assert
      expect(sut.nearest(query(axis(0)))?.ref.id).toBe('a');
      expect(sut.nearest(query(axis(1)))).toBeUndefined();
    });
  });

  it('replaces the entry with the same namespace and id, even in another partition', () => {
    put(entryOf('x', axis(0)));

    put(entryOf('x', axis(0), { partition: 'p2', answer: 'new' }));

    expect(sut.size()).toBe(1);
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { partition: 'p2' }))?.ref.answer).toBe('new');
  });

  it('deletes one entry and reports whether it existed', () => {
    put(entryOf('x', axis(0)));

    expect(sut.delete('ns', 'x')).toBe(true);
    expect(sut.delete('ns', 'x')).toBe(false);
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
  });

  it('clears one namespace, counting what it removed, and leaves the others', () => {
    put(entryOf('a', axis(0)));
    put(entryOf('b', axis(1)));
    put(entryOf('a', axis(0), { namespace: 'other' }));

    expect(sut.clear('ns')).toBe(2);
    expect(sut.size()).toBe(1);
    expect(sut.nearest(query(axis(0), { namespace: 'other' }))?.ref.namespace).toBe('other');
  });

  it('clears everything when no namespace is given', () => {
    put(entryOf('a', axis(0)));
    put(entryOf('a', axis(0), { namespace: 'other' }));

    expect(sut.clear()).toBe(2);
    expect(sut.size()).toBe(0);
  });

  it('finds the exact argmax among 200 random unit vectors of dimension 32', () => {
    // Arrange
    const random = seededRandom(42);
    const randomUnit = () => normalizeInPlace(Float32Array.from({ length: 32 }, () => random() * 2 - 1));
    const stored = Array.from({ length: 200 }, (_, i) => entryOf(`e${i}`, randomUnit()));
    sut = make(1_000);
    stored.forEach((e) => put(e));

    for (let q = 0; q < 25; q++) {
      const probe = randomUnit();
      const dots = stored.map((e) => e.vector.reduce((sum, x, k) => sum + x * probe[k], 0));
      const bestDot = Math.max(...dots);
      const bestIndex = dots.indexOf(bestDot);

      // Act
      const match = sut.nearest(query(probe, { minSimilarity: -1 }));

      // Assert
      expect(match?.ref.id).toBe(`e${bestIndex}`);
      expect(match?.similarity).toBeCloseTo(bestDot, 6);
    }
  });

  describe('past the exact-scan size, in an HNSW graph', () => {
    const random = seededRandom(7);
    const randomUnit = (dim = 32) => normalizeInPlace(Float32Array.from({ length: dim }, () => random() * 2 - 1));
    let inserts: ReturnType<typeof manualSlices>;
    const graphOf = (quantization: 'f32' | 'i8' = 'f32') => {
      inserts = manualSlices();
      return make(10_000, {
        bucket: bucketSettings(quantization, { exactScanMax: 16, graphBatch: 8, slices: inserts.slices }),
      });
    };

    it('finds the exact argmax among 300 random vectors, buffered writes included', () => {
      sut = graphOf();
      const stored = Array.from({ length: 300 }, (_, i) => entryOf(`e${i}`, randomUnit()));
      stored.forEach(put);
      inserts.runTurn();
      let usesGraph = false;
      sut.forEachBucket((bucket) => (usesGraph ||= bucket.usesGraph));
      expect(usesGraph).toBe(true);

      for (let q = 0; q < 25; q++) {
        const probe = randomUnit();
        const dots = stored.map((e) => e.vector.reduce((sum, x, k) => sum + x * probe[k], 0));
        const bestDot = Math.max(...dots);

        const match = sut.nearest(query(probe, { minSimilarity: -1 }));

        expect(match?.ref.id).toBe(`e${dots.indexOf(bestDot)}`);
        expect(match?.similarity).toBeCloseTo(bestDot, 4);
      }
    });

    it('finds an entry written a moment ago, before it reaches the graph', () => {
      sut = graphOf();
      for (let i = 0; i < 40; i++) put(entryOf(`e${i}`, randomUnit()));
      inserts.drain();
      const fresh = randomUnit();

      put(entryOf('fresh', fresh));

      expect(inserts.turnsWaiting()).toBe(1);
      expect(sut.nearest(query(fresh))?.ref.id).toBe('fresh');
    });

    it('does not bring back an entry deleted while it waited for the graph', () => {
      sut = graphOf();
      for (let i = 0; i < 40; i++) put(entryOf(`e${i}`, randomUnit()));
      inserts.drain();
      const doomed = randomUnit();
      put(entryOf('doomed', doomed));

      sut.delete('ns', 'doomed');
      inserts.drain();

      expect(sut.nearest(query(doomed, { minSimilarity: 0.999 }))).toBeUndefined();
      expect(sut.size()).toBe(40);
    });

    it('forgets deleted, replaced and expired entries held in the graph', () => {
      sut = graphOf();
      const vectors = Array.from({ length: 60 }, () => randomUnit());
      vectors.forEach((v, i) => put(entryOf(`e${i}`, v, { expiresAt: i === 2 ? 2_000 : undefined })));
      inserts.drain();

      sut.delete('ns', 'e0');
      put(entryOf('e1', vectors[1], { partition: 'p2' }));
      clock = 2_000;

      expect(sut.nearest(query(vectors[0]))?.ref.id).not.toBe('e0');
      expect(sut.nearest(query(vectors[1]))?.ref.id).not.toBe('e1');
      expect(sut.nearest(query(vectors[1], { partition: 'p2' }))?.ref.id).toBe('e1');
      expect(sut.nearest(query(vectors[2]))?.ref.id).not.toBe('e2');
      expect(sut.nearest(query(vectors[3]))?.ref.id).toBe('e3');
    });

    it('with int8 vectors still finds a stored question again', () => {
      sut = graphOf('i8');
      const vectors = Array.from({ length: 100 }, () => randomUnit(64));
      vectors.forEach((v, i) => put(entryOf(`e${i}`, v)));
      inserts.drain();

      const found = vectors.filter((v, i) => sut.nearest(query(v))?.ref.id === `e${i}`).length;

      expect(found).toBeGreaterThanOrEqual(98);
    });
  });

  it('bounds each namespace on its own (SEMANTIC_MAX_ENTRIES), evicting its least recently used', () => {
    sut = make(100, { maxPerNamespace: 2 });
    put(entryOf('a', axis(0)));
    put(entryOf('b', axis(1)));
    put(entryOf('a', axis(0), { namespace: 'other' }));
    sut.nearest(query(axis(0)));

    put(entryOf('c', axis(2)));

    expect(sut.nearest(query(axis(1)))).toBeUndefined();
    expect(sut.nearest(query(axis(0)))?.ref.id).toBe('a');
    expect(sut.nearest(query(axis(2)))?.ref.id).toBe('c');
    expect(sut.nearest(query(axis(0), { namespace: 'other' }))?.ref.id).toBe('a');
    expect(sut.size()).toBe(3);
  });

  it('tells which bound evicted each entry, once per entry', () => {
    const evictions: string[] = [];
    sut = make(3, { maxPerNamespace: 2, onEvict: (reason, count) => evictions.push(`${reason}:${count}`) });
    put(entryOf('a', axis(0)));
    put(entryOf('b', axis(1)));
    put(entryOf('c', axis(2))); // namespace ns beyond 2
    put(entryOf('d', axis(0), { namespace: 'other' }));
    put(entryOf('e', axis(1), { namespace: 'other' })); // 4 overall beyond 3
    sut.delete('other', 'e');

    expect(evictions).toEqual(['per_namespace:1', 'global:1']);
    expect(sut.size()).toBe(2);
  });

  it('sweeps expired entries without a query touching them', () => {
    put(entryOf('old', axis(0), { expiresAt: 1_500 }));
    put(entryOf('new', axis(1), { expiresAt: 9_000 }));
    clock = 2_000;

    const swept = sut.sweepExpired();

    expect(swept.map((ref) => ref.id)).toEqual(['old']);
    let held = 0;
    sut.forEachBucket((bucket) => (held += bucket.size));
    expect(held).toBe(1);
  });

  it('sweeps in slices: other work runs in between, and an entry written again meanwhile is kept', async () => {
    sut = make(10_000);
    // Distinct vectors: in an HNSW graph, thousands of removed exact duplicates of a vector can hide a live one.
    const random = seededRandom(3);
    const distinct = () => normalizeInPlace(Float32Array.from({ length: 4 }, () => random() * 2 - 1));
    for (let i = 0; i < 5_000; i++) put(entryOf(`old-${i}`, distinct(), { expiresAt: 1_500 }));
    clock = 2_000;
    let ranBetweenSlices = false;
    setImmediate(() => {
      ranBetweenSlices = true;
      put(entryOf('old-4999', axis(3), { expiresAt: 9_000 }));
    });

    const swept = await sut.sweepExpiredInSlices(0);

    expect(ranBetweenSlices).toBe(true);
    expect(swept).toHaveLength(4_999);
    expect(sut.size()).toBe(1);
    expect(sut.nearest(query(axis(3)))?.ref.id).toBe('old-4999');
  });
});
