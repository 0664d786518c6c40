import { sha256 } from './sha256';

describe('sha256', () => {
  it('matches the FIPS 180-2 test vector for a single part', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes the empty string to the well-known empty digest', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('returns 64 lowercase hex characters', () => {
    expect(sha256('model', 'question')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not collide when the boundary between parts moves', () => {
    // Act
    const left = sha256('ab', 'c');
    const right = sha256('a', 'bc');

    // Assert
    expect(left).not.toBe(right);
  });

  it('differs from the hash of the parts simply concatenated', () => {
    expect(sha256('a', 'b')).not.toBe(sha256('ab'));
  });

  it('is deterministic for the same parts', () => {
    expect(sha256('gpt-4o-mini', 'What is caching?')).toBe(sha256('gpt-4o-mini', 'What is caching?'));
  });
});
