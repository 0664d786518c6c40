import { ReplyError } from 'ioredis';
import { execTransaction, RedisClient } from '../../redis/redis-client';
import { VectorQuantization } from '../../config/vector-quantization';
import { deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import {
  embedKey,
  embedKeyPrefix,
  fromHashFields,
  fromIndexFields,
  INDEX_FIELDS,
  IndexedVector,
  calibrationFields,
  RECORD_HIT_SCRIPT,
  SET_IF_EXISTS_SCRIPT,
  toHashFields,
} from '../embed-entry-codec';
import { EntryCalibration, SemanticEntry } from '../vector-index.port';

/** What one read of index fields found: the usable vectors, and the keys Redis no longer holds. */
export interface IndexFieldsRead {
  usable: IndexedVector[];
  gone: string[];
}

/** The semantic entries as Redis hashes (`embed_cache:<ns>:<id>`, with TTL): the source of truth of the index. */
export class RedisEntryStore {
  constructor(private readonly redis: RedisClient) {}

  /** Every entry key, in batches of about `batch` (one SCAN page each). */
  scanKeys(batch: number): AsyncIterable<string[]> {
    return scanKeys(this.redis, embedKeyPrefix(), batch);
  }

  /**
   * The fields the mirror needs (vector, partition, expiry) of each key, sent together. Commands per
   * key rather than one pipeline, since in a cluster the keys live on different nodes. A key Redis
   * refuses to read (say, not a hash) is skipped like a damaged one; an unreachable Redis rejects,
   * so that the caller retries rather than loses the entry.
   */
  async readIndexFields(keys: string[]): Promise<IndexFieldsRead> {
    const skip = (error: Error) => {
      if (error instanceof ReplyError) return undefined;
      throw error;
    };
    const replies = await Promise.all(
      keys.map((key) =>
        Promise.all([this.redis.hmgetBuffer(key, ...INDEX_FIELDS).catch(skip), this.redis.pttl(key).catch(skip)]),
      ),
    );
    const now = Date.now();
    const usable: IndexedVector[] = [];
    const gone: string[] = [];
    keys.forEach((key, i) => {
      const [values, ttlMs] = replies[i];
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

  /** Replaces the entry (and sets its TTL when `ttlSeconds` > 0) in one MULTI on its key. */
  async write(entry: SemanticEntry, ttlSeconds: number, quantization: VectorQuantization): Promise<void> {
    const key = embedKey(entry.namespace, entry.id);
    const write = this.redis.multi().unlink(key).hset(key, toHashFields(entry, quantization));
    if (ttlSeconds > 0) write.expire(key, ttlSeconds);
    await execTransaction(write);
  }

  /** Removes one entry; resolves whether it existed. */
  async remove(namespace: string, id: string): Promise<boolean> {
    return (await this.redis.unlink(embedKey(namespace, id))) > 0;
  }

  /** Deletes every entry of `namespace` (all namespaces when undefined); resolves how many. */
  removeAll(namespace?: string): Promise<number> {
    return deleteKeysByPrefix(this.redis, embedKeyPrefix(namespace));
  }

  /** Counts a hit and its similarity on the entry (the hit audit). */
  recordHit(key: string, similarity: number): Promise<unknown> {
    return this.redis.eval(RECORD_HIT_SCRIPT, 1, key, similarity.toFixed(6));
  }

  /** Replaces the entry's calibration fields if the entry still exists; resolves whether it did. */
  async calibrate(key: string, calibration: EntryCalibration): Promise<boolean> {
    const args = Object.entries(calibrationFields(calibration)).flat();
    return (await this.redis.eval(SET_IF_EXISTS_SCRIPT, 1, key, ...args)) === 1;
  }
}
