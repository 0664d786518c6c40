import { cosineOfUnitVectors } from '../../vector-index/vector-math';
import { fnv1a32, hashFeatures } from './feature-hashing';

const lengthOf = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a 32-bit value', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it('returns an unsigned 32-bit integer', () => {
    const hash = fnv1a32('什么是缓存');

    expect(Number.isInteger(hash)).toBe(true);
    expect(hash).toBeGreaterThanOrEqual(0);
    expect(hash).toBeLessThan(2 ** 32);
  });
});

describe('hashFeatures', () => {
  const features = new Map([
    ['w:cache', 1],
    ['t:^ca', 0.25],
    ['w:what', 0.15],
  ]);

  it('returns a unit-length vector of the requested dimension', () => {
    // Act
    const vector = hashFeatures(features, 64);

    // Assert
    expect(vector).toHaveLength(64);
    expect(lengthOf(vector)).toBeCloseTo(1, 6);
  });

  it('is deterministic for the same features', () => {
    expect(hashFeatures(features, 256)).toEqual(hashFeatures(new Map(features), 256));
  });

  it('does not depend on the order the features are listed in', () => {
    const reversed = new Map([...features].reverse());

    expect(cosineOfUnitVectors(hashFeatures(features, 256), hashFeatures(reversed, 256))).toBeCloseTo(1, 6);
  });

  it('puts a single feature in one slot with magnitude 1', () => {
    const vector = hashFeatures(new Map([['w:cache', 3]]), 128);

    expect(vector.filter((x) => x !== 0)).toHaveLength(1);
    expect(Math.abs(vector.find((x) => x !== 0)!)).toBe(1);
  });

  it('returns a zero vector when there are no features', () => {
    expect(Array.from(hashFeatures(new Map(), 8))).toEqual(new Array(8).fill(0));
  });

  it('gives unrelated features a low similarity', () => {
    const a = hashFeatures(new Map([['w:cache', 1]]), 1024);
    const b = hashFeatures(new Map([['w:weather', 1]]), 1024);

    expect(cosineOfUnitVectors(a, b)).toBeLessThan(0.5);
  });
});
