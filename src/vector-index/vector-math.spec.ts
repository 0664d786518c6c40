import { cosineOfUnitVectors, cosineWithSparse, normalizeInPlace, toSparse } from './vector-math';

const lengthOf = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('normalizeInPlace', () => {
  it('scales a vector to unit length keeping its direction', () => {
    // Act
    const unit = normalizeInPlace(new Float32Array([3, 4]));

    // Assert
    expect(unit[0]).toBeCloseTo(0.6, 6);
    expect(unit[1]).toBeCloseTo(0.8, 6);
    expect(lengthOf(unit)).toBeCloseTo(1, 6);
  });

  it('scales the given array itself and returns it', () => {
    const vector = new Float32Array([0, -2, 0]);

    const result = normalizeInPlace(vector);

    expect(result).toBe(vector);
    expect(Array.from(vector)).toEqual([0, -1, 0]);
  });

  it('leaves a zero vector zero instead of producing NaN', () => {
    expect(Array.from(normalizeInPlace(new Float32Array(4)))).toEqual([0, 0, 0, 0]);
  });
});

describe('cosineOfUnitVectors', () => {
  it('is 1 for the same direction, 0 for orthogonal and -1 for opposite', () => {
    const x = new Float32Array([1, 0]);

    expect(cosineOfUnitVectors(x, new Float32Array([1, 0]))).toBe(1);
    expect(cosineOfUnitVectors(x, new Float32Array([0, 1]))).toBe(0);
    expect(cosineOfUnitVectors(x, new Float32Array([-1, 0]))).toBe(-1);
  });

  it('is the dot product of two unit vectors', () => {
    const a = normalizeInPlace(new Float32Array([1, 1]));
    const b = new Float32Array([1, 0]);

    expect(cosineOfUnitVectors(a, b)).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('is -Infinity for vectors of different lengths, so they never match', () => {
    expect(cosineOfUnitVectors(new Float32Array([1, 0]), new Float32Array([1, 0, 0]))).toBe(-Infinity);
  });
});

describe('toSparse and cosineWithSparse', () => {
  it('keeps only the non-zero coordinates and scores like the dense cosine', () => {
    const stored = normalizeInPlace(Float32Array.from([0, 0.5, 0, 0, -0.25, 0, 0, 0]));
    const query = normalizeInPlace(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]));
    const sparse = toSparse(stored);
    expect(Array.from(sparse!.index)).toEqual([1, 4]);
    expect(cosineWithSparse(query, sparse!)).toBeCloseTo(cosineOfUnitVectors(query, stored), 6);
  });

  it('declines dense vectors and never compares different lengths', () => {
    expect(toSparse(Float32Array.from([1, 1, 1, 0]))).toBeUndefined();
    const sparse = toSparse(Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]))!;
    expect(cosineWithSparse(new Float32Array(4), sparse)).toBe(-Infinity);
  });
});
