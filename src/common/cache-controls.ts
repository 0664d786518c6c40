import { InvalidRequestError } from './errors/invalid-request.error';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from './namespace';

/** How one request may use the cache, from its headers (or the /ask body). */
export interface CacheControls {
  /** Look up cached answers (false for `no-cache`, `no-store`, mode `off`). */
  read: boolean;
  /**
   * True when `read` is false only because the caller's upstream key awaits the upstream's
   * acceptance (UPSTREAM_AUTH=passthrough): the answer is a plain MISS, not a REFRESH it asked for.
   */
  readWithheld?: boolean;
  /** Store the new answer (false for `no-store`, mode `off`). */
  write: boolean;
  /** Which layers may answer. */
  mode: 'exact' | 'semantic' | 'off';
  /** Accept only entries younger than this many seconds; undefined = any age. */
  maxAgeSeconds?: number;
  /** TTL for the stored answer in seconds; undefined = CACHE_TTL. */
  ttlSeconds?: number;
  namespace?: string;
  /** A stricter similarity threshold; never loosens the configured one. */
  minSimilarity?: number;
  /** Share an identical request's upstream call in flight (false for `x-cache-coalesce: off`). */
  coalesce: boolean;
}

export type HeaderBag = Record<string, string | string[] | undefined>;

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The largest TTL or max-age honoured, in seconds (2^31, about 68 years): a larger one counts as
 * this, as RFC 9111 §1.2.2 says of delta-seconds. Unbounded, Redis refuses the EX and the answer is
 * silently never stored.
 */
export const MAX_DELTA_SECONDS = 2 ** 31;

function nonNegativeInteger(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()))
    throw new InvalidRequestError(`${name} must be a whole number of seconds, got "${raw}"`);
  return Math.min(Number(raw), MAX_DELTA_SECONDS);
}

/** Reads Cache-Control (no-cache, no-store, max-age=N) and the x-cache-* headers. */
export function parseCacheControls(headers: HeaderBag): CacheControls {
  const directives = (header(headers, 'cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const noStore = directives.includes('no-store');
  const noCache = directives.includes('no-cache');
  const maxAge = directives.find((d) => d.startsWith('max-age='));

  const rawMode = header(headers, 'x-cache-mode')?.trim().toLowerCase();
  if (rawMode !== undefined && !['exact', 'semantic', 'off'].includes(rawMode)) {
    throw new InvalidRequestError(`x-cache-mode must be exact, semantic or off, got "${rawMode}"`);
  }
  const mode = (rawMode ?? 'semantic') as CacheControls['mode'];

  const namespace = header(headers, 'x-cache-namespace')?.trim();
  if (namespace !== undefined && !NAMESPACE_PATTERN.test(namespace)) {
    throw new InvalidRequestError(`x-cache-namespace must be ${NAMESPACE_RULE}`);
  }
  const rawThreshold = header(headers, 'x-cache-threshold');
  const minSimilarity = rawThreshold === undefined ? undefined : Number(rawThreshold);
  if (minSimilarity !== undefined && !(minSimilarity >= 0 && minSimilarity <= 1)) {
    throw new InvalidRequestError(`x-cache-threshold must be a number from 0 to 1, got "${rawThreshold}"`);
  }
  const rawTtl = header(headers, 'x-cache-ttl');
  const rawCoalesce = header(headers, 'x-cache-coalesce')?.trim().toLowerCase();
  if (rawCoalesce !== undefined && rawCoalesce !== 'on' && rawCoalesce !== 'off') {
    throw new InvalidRequestError(`x-cache-coalesce must be on or off, got "${rawCoalesce}"`);
  }

  return {
    read: !noStore && !noCache && mode !== 'off',
    write: !noStore && mode !== 'off',
    mode,
    maxAgeSeconds:
      maxAge === undefined ? undefined : nonNegativeInteger('Cache-Control max-age', maxAge.slice('max-age='.length)),
    ttlSeconds: rawTtl === undefined ? undefined : nonNegativeInteger('x-cache-ttl', rawTtl),
    namespace,
    minSimilarity,
    coalesce: rawCoalesce !== 'off',
  };
}
