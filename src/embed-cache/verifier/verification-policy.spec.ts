import { candidateFloor, decideCandidate, VerificationPolicy } from './verification-policy';

const band: VerificationPolicy = { band: 0.1, verifyAll: false, enabled: true };

describe('candidateFloor', () => {
  it('is the threshold minus the band', () => {
    expect(candidateFloor(0.9, 0, band)).toBeCloseTo(0.8, 10);
  });

  it('is the threshold alone without a verifier', () => {
    expect(candidateFloor(0.9, 0, { ...band, enabled: false })).toBe(0.9);
  });

  it('is a stricter requested threshold, with no band below it', () => {
    expect(candidateFloor(0.9, 0.97, band)).toBe(0.97);
  });

  it('ignores a requested threshold below the configured one, and never goes below 0', () => {
    expect(candidateFloor(0.9, 0.5, band)).toBeCloseTo(0.8, 10);
    expect(candidateFloor(0.05, 0, band)).toBe(0);
  });
});

describe('decideCandidate', () => {
  it('serves at or above the threshold, verifies in the band, misses below it', () => {
    expect(decideCandidate(0.9, 0.9, 0, band)).toBe('serve');
    expect(decideCandidate(0.85, 0.9, 0, band)).toBe('verify');
    expect(decideCandidate(0.79, 0.9, 0, band)).toBe('miss');
  });

  it('verifies every hit with verifyAll', () => {
    expect(decideCandidate(0.99, 0.9, 0, { ...band, verifyAll: true })).toBe('verify');
  });

  it('without a verifier, the threshold alone decides, verifyAll or not', () => {
    const none = { band: 0.1, verifyAll: true, enabled: false };
    expect(decideCandidate(0.95, 0.9, 0, none)).toBe('serve');
    expect(decideCandidate(0.85, 0.9, 0, none)).toBe('miss');
  });

  it('misses below a stricter requested threshold instead of verifying', () => {
    expect(decideCandidate(0.95, 0.9, 0.97, band)).toBe('miss');
    expect(decideCandidate(0.98, 0.9, 0.97, band)).toBe('serve');
  });
});
