import { normalizeInPlace } from './vector-math';

/**
 * Unit vectors as one signed byte per dimension (VECTOR_QUANTIZATION=int8), a quarter of float32.
 * Each vector is scaled by its own largest component, not by a fixed 127: a 384-d unit vector's
 * components are ~0.05, which a fixed scale would squeeze into a handful of levels. The scale is
 * not stored: cosine ignores length, and decoding normalises.
 */
export function encodeInt8(vector: Float32Array): Buffer {
  let largest = 0;
  for (const x of vector) largest = Math.max(largest, Math.abs(x));
  const bytes = Buffer.alloc(vector.length);
  if (largest === 0) return bytes;
  for (let i = 0; i < vector.length; i++) bytes.writeInt8(Math.round((vector[i] / largest) * 127), i);
  return bytes;
}

/** The unit vector closest to what {@link encodeInt8} stored. */
export function decodeInt8(bytes: Buffer): Float32Array {
  const vector = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) vector[i] = bytes.readInt8(i);
  return normalizeInPlace(vector);
}
