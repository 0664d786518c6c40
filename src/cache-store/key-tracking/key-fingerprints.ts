import { createHash } from 'node:crypto';

/**
 * A set of keys held as 48-bit fingerprints: about a quarter of the memory of the key strings
 * (`prompt_cache:<namespace>:<64 hex>`), at the price of rare collisions. A collision can only
 * make a missing key look present, which costs one needless read.
 */
export class KeyFingerprints {
  private readonly fingerprints = new Set<number>();

  add(key: string): void {
    this.fingerprints.add(fingerprintOf(key));
  }

  has(key: string): boolean {
    return this.fingerprints.has(fingerprintOf(key));
  }

  get size(): number {
    return this.fingerprints.size;
  }
}

/** The first 48 bits of the key's SHA-1: a whole number a double holds exactly. */
export function fingerprintOf(key: string): number {
  return createHash('sha1').update(key).digest().readUIntBE(0, 6);
}
