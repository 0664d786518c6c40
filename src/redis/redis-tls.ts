import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/**
 * The `tls` option of the ioredis client: a `rediss://` URL alone already turns TLS on with the
 * system's CAs, so this is only needed for a private CA. Connections made with `duplicate()` inherit it.
 */
export function redisTlsOptions(url: string, caFile: string | undefined): ConnectionOptions | undefined {
  if (caFile === undefined) return undefined;
  if (new URL(url).protocol !== 'rediss:') {
    throw new Error('REDIS_TLS_CA_FILE is set but REDIS_URL is not a rediss:// (TLS) URL');
  }
  try {
    return { ca: readFileSync(caFile) };
  } catch (error) {
    throw new Error(`Cannot read REDIS_TLS_CA_FILE=${caFile}: ${(error as Error).message}`, { cause: error });
  }
}
