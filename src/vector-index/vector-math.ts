/** Scales `vector` in place to unit length (a zero vector stays zero) and returns it. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (const x of vector) sumOfSquares += x * x;
  const norm = Math.sqrt(sumOfSquares);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/**
 * Cosine similarity of two unit vectors (their dot product), in [-1, 1].
 * Vectors of different lengths come from different spaces and score -Infinity: never a match.
 */
export function cosineOfUnitVectors(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -Infinity;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/** The non-zero coordinates of a vector: lexical vectors have a few dozen of 1024. */
export interface SparseVector {
  length: number;
  index: Uint32Array;
  value: Float32Array;
}

/** The sparse form when at most `maxDensity` of the coordinates are non-zero (scans then cost per non-zero), else undefined. */
export function toSparse(vector: Float32Array, maxDensity = 0.25): SparseVector | undefined {
  let nonZero = 0;
  for (const x of vector) if (x !== 0) nonZero++;
  if (nonZero > vector.length * maxDensity) return undefined;
  const index = new Uint32Array(nonZero);
  const value = new Float32Array(nonZero);
  for (let i = 0, k = 0; i < vector.length; i++) {
    if (vector[i] !== 0) {
      index[k] = i;
      value[k++] = vector[i];
    }
  }
  return { length: vector.length, index, value };
}

/** {@link cosineOfUnitVectors} of a dense query and a sparse unit vector. */
export function cosineWithSparse(dense: Float32Array, sparse: SparseVector): number {
  if (dense.length !== sparse.length) return -Infinity;
  let dot = 0;
  for (let k = 0; k < sparse.index.length; k++) dot += dense[sparse.index[k]] * sparse.value[k];
  return dot;
}
