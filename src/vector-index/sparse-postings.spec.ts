import { SparsePostings } from './sparse-postings';
import { toSparse } from './vector-math';

/** A seeded sparse vector: `nonZeros` signed values in `dimensions` (deterministic, so a failure can be replayed). */
function sparseVector(seed: number, dimensions = 256, nonZeros = 12): Float32Array {
  const vector = new Float32Array(dimensions);
  let state = seed * 2654435761 + 1;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let k = 0; k < nonZeros; k++) vector[Math.floor(next() * dimensions)] += next() - 0.4;
  return vector;
}
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe(SparsePostings.name, () => {
  it('visits exactly the entries sharing a dimension with the query, each once, with their dot product', () => {
    const vectors = Array.from({ length: 300 }, (_, i) => sparseVector(i));
    const sut = new SparsePostings<number>();
    vectors.forEach((v, i) => sut.add(i, toSparse(v)!));

    for (const q of [1000, 1001, 1002]) {
      const query = sparseVector(q);
      const seen = new Map<number, number>();
      sut.forEachOverlapping(query, -Infinity, (item, score) => {
        expect(seen.has(item)).toBe(false);
        seen.set(item, score);
      });
      const overlapping = vectors
        .map((v, i) => [i, v] as const)
        .filter(([, v]) => v.some((x, d) => x !== 0 && query[d] !== 0));
      expect([...seen.keys()].sort((a, b) => a - b)).toEqual(overlapping.map(([i]) => i));
      for (const [i, v] of overlapping) expect(seen.get(i)).toBeCloseTo(dot(query, v), 5);
    }
  });

  it('visits only the entries scoring at least the floor', () => {
    const sut = new SparsePostings<number>();
    const vectors = Array.from({ length: 200 }, (_, i) => sparseVector(i));
    vectors.forEach((v, i) => sut.add(i, toSparse(v)!));
    const query = sparseVector(3);
    const floor = dot(query, query) * 0.5;

    const visited: number[] = [];
    sut.forEachOverlapping(query, floor, (item) => visited.push(item));

    expect(visited).toContain(3);
    expect(visited.sort((a, b) => a - b)).toEqual(
      vectors
        .map((v, i) => [i, dot(query, v)] as const)
        .filter(([, d]) => d >= floor - 1e-6)
        .map(([i]) => i),
    );
  });

  it('forgets removed and replaced entries, also across compactions', () => {
    const sut = new SparsePostings<string>();
    for (let i = 0; i < 500; i++) sut.add(`k${i}`, toSparse(sparseVector(i))!);
    for (let i = 0; i < 400; i++) sut.remove(`k${i}`); // enough to trigger compactions
    sut.add('k450', toSparse(sparseVector(9999))!); // replaced: only the new vector counts

    const visited: string[] = [];
    const query = sparseVector(9999);
    sut.forEachOverlapping(query, -Infinity, (item, score) => {
      visited.push(item);
      if (item === 'k450') expect(score).toBeCloseTo(dot(query, query), 5);
    });
    expect(sut.size).toBe(100);
    expect(visited.every((k) => Number(k.slice(1)) >= 400)).toBe(true);
    expect(visited).toContain('k450');
    expect([...sut.entries()]).toHaveLength(100);
  });
});
