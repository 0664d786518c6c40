import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { CachedAnswer } from '../common/cached-answer';
import { CacheConfig } from '../config/cache.config';
import { MetricsService } from '../metrics/metrics.service';
import { CacheStore } from './cache-store.port';
import { parseCachedAnswer } from './parse-cached-answer';
import { promptKey, promptKeyPrefix } from './prompt-key';

export interface PromptLookup {
  key: string;
  /** undefined on a miss, including a miss caused by a store failure. */
  hit?: CachedAnswer;
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
    this.metrics.registerEntryCounter('prompt', () => this.cacheStore.countByPrefix(promptKeyPrefix()));
  }

  async lookup(namespace: string, model: string, normalizedQuestion: string): Promise<PromptLookup> {
    const key = promptKey(namespace, model, normalizedQuestion);
    const started = performance.now();
    let raw: string | undefined;
    try {
      raw = await this.cacheStore.get(key);
    } catch (error) {
      this.storeFailed('read', error);
    }
    const hit = raw === undefined ? undefined : parseCachedAnswer(raw, { question: normalizedQuestion, model, createdAt: 0, tokens: 0 });
    this.metrics.recordLookup('prompt', hit ? 'hit' : 'miss', (performance.now() - started) / 1000);
    return { key, hit };
  }

  async save(key: string, answer: CachedAnswer): Promise<void> {
    try {
      await this.cacheStore.set(key, JSON.stringify(answer), this.config.ttlSeconds);
    } catch (error) {
      this.storeFailed('write', error);
    }
  }

  /** Deletes this layer's entries (one namespace, or all); touches no other key. */
  clear(namespace?: string): Promise<number> {
    return this.cacheStore.deleteByPrefix(promptKeyPrefix(namespace));
  }

  private storeFailed(operation: 'read' | 'write', error: unknown): void {
    this.metrics.recordStoreError('prompt_store');
    this.logger.warn(`Prompt cache ${operation} failed, serving as a miss: ${(error as Error).message}`);
  }
}
