import { InMemoryVectors } from './in-memory-vectors';
import { SemanticEntry } from './vector-index.port';
import { normalizeInPlace } from './vector-math';

/** Unit vector along axis `i` of a `dim`-dimensional space. */
const axis = (i: number, dim = 4) => Float32Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));

const entryOf = (id: string, vector: Float32Array, overrides: Partial<SemanticEntry> = {}): SemanticEntry =>
  ({ id, namespace: 'ns', partition: 'p', embedderId: 'e', question: `q-${id}`, answer: `a-${id}`, model: 'm', createdAt: 0, tokens: 0, vector, ...overrides });

const query = (vector: Float32Array, overrides: { namespace?: string; partition?: string; minSimilarity?: number } = {}) =>
  ({ namespace: 'ns', partition: 'p', vector, minSimilarity: 0.9, ...overrides });

/** Deterministic PRNG (an LCG) so the brute-force check is reproducible. */
const seededRandom = (seed: number) => () => ((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);

describe(InMemoryVectors.name, () => {
  let clock: number;
  let sut: InMemoryVectors;

  beforeEach(() => {
    clock = 1_000;
    sut = new InMemoryVectors(100, () => clock);
  });

  it('returns the most similar entry at or above the threshold', () => {
    // Arrange
    sut.upsert(entryOf('x', axis(0)));
    sut.upsert(entryOf('close', normalizeInPlace(new Float32Array([1, 0.3, 0, 0]))));
    sut.upsert(entryOf('closer', normalizeInPlace(new Float32Array([1, 0.1, 0, 0]))));

    // Act
    const match = sut.nearest(query(normalizeInPlace(new Float32Array([1, 0.12, 0, 0]))));

    // Assert
    expect(match?.entry.id).toBe('closer');
    expect(match?.similarity).toBeGreaterThan(0.99);
  });

  it('returns undefined below the threshold and a match exactly at it', () => {
    sut.upsert(entryOf('x', axis(0)));

    expect(sut.nearest(query(normalizeInPlace(new Float32Array([1, 1, 0, 0]))))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { minSimilarity: 1 }))?.entry.id).toBe('x');
  });

  it('never matches across namespaces or partitions', () => {
    sut.upsert(entryOf('x', axis(0)));

    expect(sut.nearest(query(axis(0), { namespace: 'other' }))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { partition: 'other' }))).toBeUndefined();
    expect(sut.nearest(query(axis(0)))?.entry.id).toBe('x');
  });

  it('serves an entry until its expiry and never at or after it', () => {
    sut.upsert(entryOf('x', axis(0), { expiresAt: 2_000 }));

    clock = 1_999;
    expect(sut.nearest(query(axis(0)))?.entry.id).toBe('x');
    clock = 2_000;
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
  });

  it('drops an expired entry it meets during a search', () => {
    // Arrange
    sut.upsert(entryOf('x', axis(0), { expiresAt: 2_000 }));
    clock = 2_000;

    // Act
    sut.nearest(query(axis(0)));

    // Assert: even with the clock turned back, the entry is gone
    clock = 0;
    expect(sut.size()).toBe(0);
  });

  it('drops expired entries when counting', () => {
    for (let i = 0; i < 10; i++) sut.upsert(entryOf(`old-${i}`, axis(0), { expiresAt: 1_500 }));
    sut.upsert(entryOf('forever', axis(1)));
    sut.upsert(entryOf('later', axis(2), { expiresAt: 9_000 }));

    clock = 1_500;

    expect(sut.size()).toBe(2);
  });

  describe('bounded to two entries', () => {
    beforeEach(() => {
      sut = new InMemoryVectors(2, () => clock);
      sut.upsert(entryOf('a', axis(0)));
      sut.upsert(entryOf('b', axis(1)));
    });

    it('evicts the least recently used entry when a third arrives', () => {
      // Act
      sut.upsert(entryOf('c', axis(2)));

      // Assert
      expect(sut.size()).toBe(2);
      expect(sut.nearest(query(axis(0)))).toBeUndefined();
      expect(sut.nearest(query(axis(1)))?.entry.id).toBe('b');
      expect(sut.nearest(query(axis(2)))?.entry.id).toBe('c');
    });

    it('counts a hit as use, so a recently hit entry survives eviction', () => {
      // Arrange
      sut.nearest(query(axis(0)));

      // Act
      sut.upsert(entryOf('c', axis(2)));

      // Assert
      expect(sut.nearest(query(axis(0)))?.entry.id).toBe('a');
      expect(sut.nearest(query(axis(1)))).toBeUndefined();
    });
  });

  it('replaces the entry with the same namespace and id, even in another partition', () => {
    sut.upsert(entryOf('x', axis(0)));

    sut.upsert(entryOf('x', axis(0), { partition: 'p2', answer: 'new' }));

    expect(sut.size()).toBe(1);
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
    expect(sut.nearest(query(axis(0), { partition: 'p2' }))?.entry.answer).toBe('new');
  });

  it('deletes one entry and reports whether it existed', () => {
    sut.upsert(entryOf('x', axis(0)));

    expect(sut.delete('ns', 'x')).toBe(true);
    expect(sut.delete('ns', 'x')).toBe(false);
    expect(sut.nearest(query(axis(0)))).toBeUndefined();
  });

  it('clears one namespace, counting what it removed, and leaves the others', () => {
    sut.upsert(entryOf('a', axis(0)));
    sut.upsert(entryOf('b', axis(1)));
    sut.upsert(entryOf('a', axis(0), { namespace: 'other' }));

    expect(sut.clear('ns')).toBe(2);
    expect(sut.size()).toBe(1);
    expect(sut.nearest(query(axis(0), { namespace: 'other' }))?.entry.namespace).toBe('other');
  });

  it('clears everything when no namespace is given', () => {
    sut.upsert(entryOf('a', axis(0)));
    sut.upsert(entryOf('a', axis(0), { namespace: 'other' }));

    expect(sut.clear()).toBe(2);
    expect(sut.size()).toBe(0);
  });

  it('finds the exact argmax among 200 random unit vectors of dimension 32', () => {
    // Arrange
    const random = seededRandom(42);
    const randomUnit = () => normalizeInPlace(Float32Array.from({ length: 32 }, () => random() * 2 - 1));
    const stored = Array.from({ length: 200 }, (_, i) => entryOf(`e${i}`, randomUnit()));
    sut = new InMemoryVectors(1_000, () => clock);
    stored.forEach((e) => sut.upsert(e));

    for (let q = 0; q < 25; q++) {
      const probe = randomUnit();
      const dots = stored.map((e) => e.vector.reduce((sum, x, k) => sum + x * probe[k], 0));
      const bestDot = Math.max(...dots);
      const bestIndex = dots.indexOf(bestDot);

      // Act
      const match = sut.nearest(query(probe, { minSimilarity: -1 }));

      // Assert
      expect(match?.entry.id).toBe(`e${bestIndex}`);
      expect(match?.similarity).toBeCloseTo(bestDot, 6);
    }
  });
});
