import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { VectorQuantization } from '../../config/vector-quantization';
import { deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import {
  embedKey,
  embedKeyPrefix,
  fromHashFields,
  fromIndexFields,
  INDEX_FIELDS,
  IndexedVector,
  RECORD_HIT_SCRIPT,
  toHashFields,
} from '../embed-entry-codec';
import { SemanticEntry } from '../vector-index.port';

/** What one read of index fields found: the usable vectors, and the keys Redis no longer holds. */
export interface IndexFieldsRead {
  usable: IndexedVector[];
  gone: string[];
}

/** The semantic entries as Redis hashes (`embed_cache:<ns>:<id>`, with TTL): the source of truth of the index. */
export class RedisEntryStore {
  constructor(private readonly redis: Redis) {}

  /** Every entry key, in batches of about `batch` (one SCAN page each). */
  scanKeys(batch: number): AsyncIterable<string[]> {
    return scanKeys(this.redis, embedKeyPrefix(), batch);
  }

  /** The fields the mirror needs (vector, partition, expiry) of each key, in one round trip. */
  async readIndexFields(keys: string[]): Promise<IndexFieldsRead> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hmgetBuffer(key, ...INDEX_FIELDS).pttl(key);
    const replies = (await pipeline.exec()) ?? [];
    const now = Date.now();
    const usable: IndexedVector[] = [];
    const gone: string[] = [];
    keys.forEach((key, i) => {
      const values = replies[2 * i]?.[1] as (Buffer | null)[] | undefined;
      const ttlMs = replies[2 * i + 1]?.[1] as number | undefined;
      const read = values && fromIndexFields(key, values, ttlMs !== undefined && ttlMs > 0 ? now + ttlMs : undefined);
      if (read) usable.push(read);
      else if (ttlMs === -2) gone.push(key);
    });
    return { usable, gone };
  }

  /** The whole entry under `key`; undefined when it is gone. */
  async read(key: string, expiresAt: number | undefined): Promise<SemanticEntry | undefined> {
    return fromHashFields(key, await this.redis.hgetallBuffer(key), expiresAt);
  }

  /** A MULTI that replaces the entry (and sets its TTL when `ttlSeconds` > 0); the caller adds to it and runs it. */
  write(entry: SemanticEntry, ttlSeconds: number, quantization: VectorQuantization): ChainableCommander {
    const key = embedKey(entry.namespace, entry.id);
    const write = this.redis.multi().unlink(key).hset(key, toHashFields(entry, quantization));
    if (ttlSeconds > 0) write.expire(key, ttlSeconds);
    return write;
  }

  /** A MULTI whose first reply is how many keys the entry's removal unlinked; the caller adds to it and runs it. */
  remove(namespace: string, id: string): ChainableCommander {
    return this.redis.multi().unlink(embedKey(namespace, id));
  }

  /** Deletes every entry of `namespace` (all namespaces when undefined); resolves how many. */
  removeAll(namespace?: string): Promise<number> {
    return deleteKeysByPrefix(this.redis, embedKeyPrefix(namespace));
  }

  /** Counts a hit and its similarity on the entry (the hit audit). */
  recordHit(key: string, similarity: number): Promise<unknown> {
    return this.redis.eval(RECORD_HIT_SCRIPT, 1, key, similarity.toFixed(6));
  }
}
