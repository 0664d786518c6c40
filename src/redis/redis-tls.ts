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
  return { ca: readCaFile(caFile) };
}

/**
 * The `tls` option of every node of a Redis Cluster: there is no URL to turn TLS on, so it is an
 * object (empty: the system's CAs) whenever REDIS_CLUSTER_NODES names `rediss://`, else undefined.
 */
export function clusterTlsOptions(tls: boolean, caFile: string | undefined): ConnectionOptions | undefined {
  if (!tls) {
    if (caFile !== undefined) {
      throw new Error('REDIS_TLS_CA_FILE is set but REDIS_CLUSTER_NODES has no rediss:// (TLS) entry');
    }
    return undefined;
  }
  return caFile === undefined ? {} : { ca: readCaFile(caFile) };
}

function readCaFile(caFile: string): Buffer {
  try {
    return readFileSync(caFile);
  } catch (error) {
    throw new Error(`Cannot read REDIS_TLS_CA_FILE=${caFile}: ${(error as Error).message}`, { cause: error });
  }
}
