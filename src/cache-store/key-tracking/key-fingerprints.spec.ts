import { fingerprintOf, KeyFingerprints } from './key-fingerprints';

describe('KeyFingerprints', () => {
  it('holds the keys added and no others', () => {
    const set = new KeyFingerprints();
    set.add('prompt_cache:a:1');
    set.add('prompt_cache:a:1');
    set.add('prompt_cache:b:2');
    expect([set.has('prompt_cache:a:1'), set.has('prompt_cache:b:2'), set.has('prompt_cache:a:2')]).toEqual([true, true, false]);
    expect(set.size).toBe(2);
  });

  it('fingerprints are 48-bit whole numbers, distinct for 100,000 keys', () => {
    const fingerprints = Array.from({ length: 100_000 }, (_, i) => fingerprintOf(`prompt_cache:default:${i}`));
    expect(fingerprints.every((f) => Number.isSafeInteger(f) && f >= 0 && f < 2 ** 48)).toBe(true);
    expect(new Set(fingerprints).size).toBe(100_000);
  });
});
