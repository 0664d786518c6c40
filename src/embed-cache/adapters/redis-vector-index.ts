import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { deleteKeysByPrefix, scanKeys } from '../../redis/scan-keys';
import { embedKey, embedKeyPrefix, fromHashFields, toHashFields } from '../embed-entry-codec';
import { InMemoryVectors } from '../in-memory-vectors';
import { NearestQuery, SemanticEntry, SemanticMatch, VectorIndex } from '../vector-index.port';

/** A hit whose Redis key vanished (TTL, another replica's clear, redis-cli DEL) is dropped and the search retried this often. */
const STALE_RETRIES = 3;

/**
 * Redis hashes are the source of truth (`embed_cache:<ns>:<id>`, with TTL); an in-process
 * mirror answers queries. The mirror is filled from Redis at boot, and every hit is checked
 * against Redis so a deleted or expired entry is never served.
 */
export class RedisVectorIndex extends VectorIndex {
  readonly kind = 'redis';
  private readonly logger = new Logger(RedisVectorIndex.name);
  private readonly mirror: InMemoryVectors;

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    maxEntries: number,
  ) {
    super();
    this.mirror = new InMemoryVectors(maxEntries);
  }

  async load(): Promise<number> {
    let loaded = 0;
    for await (const keys of scanKeys(this.redis, embedKeyPrefix(), 500)) {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hgetallBuffer(key).pttl(key);
      const replies = (await pipeline.exec()) ?? [];
      const now = Date.now();
      keys.forEach((key, i) => {
        const fields = replies[2 * i]?.[1] as Record<string, Buffer> | undefined;
        const ttlMs = replies[2 * i + 1]?.[1] as number | undefined;
        const entry = fields && fromHashFields(key, fields, ttlMs !== undefined && ttlMs > 0 ? now + ttlMs : undefined);
        if (entry) {
          this.mirror.upsert(entry);
          loaded++;
        }
      });
    }
    this.logger.log(`Semantic index loaded ${loaded} entries from Redis`);
    return loaded;
  }

  async upsert(entry: SemanticEntry, ttlSeconds = this.ttlSeconds): Promise<void> {
    const key = embedKey(entry.namespace, entry.id);
    const write = this.redis.multi().unlink(key).hset(key, toHashFields(entry));
    if (ttlSeconds > 0) write.expire(key, ttlSeconds);
    const replies = await write.exec();
    const failed = replies?.find(([error]) => error);
    if (failed) throw failed[0];
    const expiresAt = ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined;
    this.mirror.upsert({ ...entry, expiresAt });
  }

  async nearest(query: NearestQuery): Promise<SemanticMatch | undefined> {
    for (let attempt = 0; attempt <= STALE_RETRIES; attempt++) {
      const match = this.mirror.nearest(query);
      if (!match) return undefined;
      if ((await this.redis.exists(embedKey(match.entry.namespace, match.entry.id))) === 1) return match;
      this.mirror.delete(match.entry.namespace, match.entry.id);
    }
    return undefined;
  }

  async delete(namespace: string, id: string): Promise<boolean> {
    this.mirror.delete(namespace, id);
    return (await this.redis.unlink(embedKey(namespace, id))) > 0;
  }

  async clear(namespace?: string): Promise<number> {
    this.mirror.clear(namespace);
    return deleteKeysByPrefix(this.redis, embedKeyPrefix(namespace));
  }

  async size(): Promise<number> {
    return this.mirror.size();
  }
}
