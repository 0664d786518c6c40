import { VectorQuantization } from '../../config/vector-quantization';
import { SemanticEntry } from '../vector-index.port';
import { RedisChangeFeed } from './redis-change-feed';
import { RedisEntryStore } from './redis-entry-store';
import { RedisRecency } from './redis-recency';

/** The Redis side of a semantic upsert. */
export interface RedisWriteParts {
  entries: RedisEntryStore;
  recency: RedisRecency;
  feed: RedisChangeFeed;
}

/**
 * The entry and its recency, then its announcement once the hash exists; every command touches
 * one key, so this runs on a Redis Cluster too. When a step fails the entry is removed again: one
 * the other replicas never heard of would be served by this one only. Resolves the namespace's count.
 */
export async function writeAndAnnounce(
  { entries, recency, feed }: RedisWriteParts,
  entry: SemanticEntry,
  ttlSeconds: number,
  quantization: VectorQuantization,
): Promise<number> {
  const { namespace, id } = entry;
  try {
    const [written, counted] = await Promise.allSettled([
      entries.write(entry, ttlSeconds, quantization),
      recency.touchAndCount(namespace, id),
    ]);
    if (written.status === 'rejected') throw written.reason;
    if (counted.status === 'rejected') throw counted.reason;
    await feed.publish({ op: 'upsert', namespace, id });
    return counted.value;
  } catch (error) {
    await Promise.all([entries.remove(namespace, id), recency.forget(namespace, [id])]).catch(() => undefined);
    throw error;
  }
}
