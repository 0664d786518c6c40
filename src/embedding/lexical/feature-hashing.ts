import { normalizeInPlace } from '../../vector-index/vector-math';

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across processes and versions. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The hashing trick: each feature adds its weight to one of `dimension` slots with a sign taken
 * from another bit of its hash, so collisions cancel out on average instead of inflating
 * similarity. The result is L2-normalised.
 */
export function hashFeatures(features: Map<string, number>, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  for (const [feature, weight] of features) {
    const hash = fnv1a32(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[hash % dimension] += sign * weight;
  }
  return normalizeInPlace(vector);
}
