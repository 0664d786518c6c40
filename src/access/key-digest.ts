import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Hex characters of a derived namespace (128 bits of the HMAC). */
const DERIVED_NAMESPACE_CHARS = 32;

/** SHA-256 of a key: what the registry keeps and compares, never the key itself. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * The namespace of a key that names none: hex HMAC-SHA256(secret, key), truncated. It identifies the
 * key in Redis without being it (the raw key as a namespace would put the credential in every cache
 * key name, in SCAN output and in backups).
 */
export function derivedNamespace(secret: string, key: string): string {
  return createHmac('sha256', secret).update(key, 'utf8').digest('hex').slice(0, DERIVED_NAMESPACE_CHARS);
}

/**
 * The entry whose digest matches `presented`'s, comparing against every entry in constant time
 * (no early exit), so response time says nothing about how close a guess came.
 */
export function findByDigest<T extends { digest: Buffer }>(entries: readonly T[], presented: string): T | undefined {
  const digest = keyDigest(presented);
  let found: T | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry;
  }
  return found;
}

/**
 * What marks a key the upstream accepted (UPSTREAM_AUTH=passthrough): hex HMAC-SHA256(secret, key),
 * under its own label so that it never equals, nor starts with, the key's derived namespace.
 */
export function acceptedKeyMark(secret: string, key: string): string {
  return createHmac('sha256', secret).update(`accepted-upstream-key\u0000${key}`, 'utf8').digest('hex');
}
