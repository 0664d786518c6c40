import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CachedAnswer } from '../common/cached-answer';
import { CacheConfig } from '../config/cache.config';
import { CacheLayer } from '../metrics/metrics.constants';
import { MetricsService } from '../metrics/metrics.service';
import { CacheStore } from '../cache-store/cache-store.port';
import { reusedCount } from '../metrics/reused-count';
import { parseCachedAnswer } from './parse-cached-answer';
import { EMBEDDINGS_KEY_PREFIX, embeddingsKeyPrefix, promptKeyPrefix } from './prompt-key';

/** How long a scrape may reuse a count of the Redis keys of one prefix (see onModuleInit). */
const SCANNED_COUNT_MAX_AGE_MS = 60_000;

/** The metrics layer of a key: cached `/v1/embeddings` answers are counted apart from chat answers. */
function layerOf(key: string): 'exact' | 'embeddings' {
  return key.startsWith(EMBEDDINGS_KEY_PREFIX) ? 'embeddings' : 'exact';
}

/** The exact layer: normalised question → answer. A store failure is logged, counted and served as a miss. */
@Injectable()
export class PromptCacheService implements OnModuleInit {
  private readonly logger = new Logger(PromptCacheService.name);

  constructor(
    private readonly cacheStore: CacheStore,
    private readonly config: CacheConfig,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerEntryCounter('exact', this.entryCounter('exact', promptKeyPrefix()));
    this.metrics.registerEntryCounter('embeddings', this.entryCounter('embeddings', embeddingsKeyPrefix()));
  }

  private entryCounter(layer: CacheLayer, prefix: string): () => Promise<number> {
    const count = () => this.cacheStore.countByPrefix(prefix);
    // In process, counting walks at most CACHE_MAX_ENTRIES keys. In Redis it is a SCAN of the whole
    // keyspace per prefix, replica and scrape (`npm run bench:housekeeping` measures one), so scrapes
    // reuse each count for up to a minute.
    if (this.cacheStore.kind === 'memory') return count;
    return reusedCount(count, {
      maxAgeMs: SCANNED_COUNT_MAX_AGE_MS,
      onBackgroundError: (error) =>
        this.logger.warn(`Counting ${layer} cache entries failed; metrics keep the last count: ${error.message}`),
    });
  }

  /**
   * The answer under a key built by the caller (the proxy keys whole requests), counted as a lookup;
   * undefined on a miss, including one caused by a store failure. Question and model describe
   * legacy values (the original demo stored bare answer strings).
   */
  async lookup(key: string, normalizedQuestion: string, model: string): Promise<CachedAnswer | undefined> {
    const started = performance.now();
    const answer = await this.peek(key, normalizedQuestion, model);
    this.metrics.recordLookup(layerOf(key), answer ? 'hit' : 'miss', (performance.now() - started) / 1000);
    return answer;
  }

  /** {@link lookup} without counting a lookup: single flight polls with it while another replica answers. */
  async peek(key: string, normalizedQuestion: string, model: string): Promise<CachedAnswer | undefined> {
    const raw = await this.read(key);
    return raw === undefined
      ? undefined
      : parseCachedAnswer(raw, { question: normalizedQuestion, model, createdAt: 0, tokens: 0 });
  }

  /** @param ttlSeconds this entry's lifetime; default CACHE_TTL, 0 = never expires. Failures are logged and counted, never thrown. */
  async save(key: string, answer: CachedAnswer, ttlSeconds = this.config.ttlSeconds): Promise<void> {
    try {
      await this.cacheStore.set(key, JSON.stringify(answer), ttlSeconds);
    } catch (error) {
      this.storeFailed(key, 'write', error);
    }
  }

  /** Deletes one entry by its key (as reported in `cacheKey` / `x-cache-key`); resolves whether it existed. */
  delete(key: string): Promise<boolean> {
    return this.cacheStore.delete(key);
  }

  /**
   * This layer's chat and /ask entries (one namespace, or all) with their keys, lazily; values that
   * are not ours parse as bare answers. Store failures reject: listing is an admin action.
   */
  async *entries(namespace?: string): AsyncIterable<{ key: string; answer: CachedAnswer }> {
    for await (const { key, value } of this.cacheStore.entries(promptKeyPrefix(namespace)))
      yield { key, answer: parseCachedAnswer(value, { question: '', model: '', createdAt: 0, tokens: 0 }) };
  }

  /** Deletes this layer's chat and /ask entries (one namespace, or all); embeddings entries stay. */
  clear(namespace?: string): Promise<number> {
    return this.cacheStore.deleteByPrefix(promptKeyPrefix(namespace));
  }

  /** Deletes the cached `/v1/embeddings` answers (one namespace, or all); touches no other key. */
  clearEmbeddings(namespace?: string): Promise<number> {
    return this.cacheStore.deleteByPrefix(embeddingsKeyPrefix(namespace));
  }

  private async read(key: string): Promise<string | undefined> {
    try {
      return await this.cacheStore.get(key);
    } catch (error) {
      this.storeFailed(key, 'read', error);
      return undefined;
    }
  }

  private storeFailed(key: string, operation: 'read' | 'write', error: unknown): void {
    const layer = layerOf(key);
    this.metrics.recordStoreError(`${layer}_store`);
    this.logger.warn(`The ${layer} cache ${operation} failed, serving as a miss: ${(error as Error).message}`);
  }
}
