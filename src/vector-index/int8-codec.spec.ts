import { decodeInt8, encodeInt8 } from './int8-codec';
import { cosineOfUnitVectors, normalizeInPlace } from './vector-math';

const seededRandom = (seed: number) => () =>
  ((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32) * 2 - 1;

describe('int8 vector codec', () => {
  it('stores one byte per dimension, the largest component as ±127', () => {
    const bytes = encodeInt8(normalizeInPlace(new Float32Array([0.5, -1, 0.25, 0])));

    expect([...bytes].map((b) => (b > 127 ? b - 256 : b))).toEqual([64, -127, 32, 0]);
  });

  it('decodes to a unit vector within 0.001 cosine of the original, even for 1536 small components', () => {
    const random = seededRandom(9);
    for (const dimension of [8, 384, 1536]) {
      const original = normalizeInPlace(Float32Array.from({ length: dimension }, random));

      const decoded = decodeInt8(encodeInt8(original));

      expect(decoded).toHaveLength(dimension);
      expect(cosineOfUnitVectors(decoded, decoded)).toBeCloseTo(1, 5);
      expect(cosineOfUnitVectors(decoded, original)).toBeGreaterThan(0.999);
    }
  });

  it('keeps a zero vector zero', () => {
    expect([...decodeInt8(encodeInt8(new Float32Array(4)))]).toEqual([0, 0, 0, 0]);
  });
});
