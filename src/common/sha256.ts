import { createHash } from 'node:crypto';

/** Hex SHA-256 of the parts joined by NUL, so ("ab","c") and ("a","bc") never collide. */
export function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}
