import { Injectable, Logger } from '@nestjs/common';
import { CacheLayerSelection, clearsLayer, ClearResult } from '../common/cache-clearing';
import { InvalidRequestError } from '../common/errors/invalid-request.error';
import { EmbedCacheService, FeedbackReport } from '../embed-cache/embed-cache.service';
import { ThresholdReport } from '../embed-cache/analytics/threshold-report';
import { CalibrationResult } from '../embed-cache/calibration/entry-calibration.service';
import { EMBED_KEY_PREFIX } from '../vector-index/embed-entry-codec';
import { EMBEDDINGS_KEY_PREFIX, PROMPT_KEY_PREFIX } from '../prompt-cache/prompt-key';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { EntryListing, exactView, listing, semanticView, take } from './recent-entries';

/** Entries examined per layer for a listing: keeps GET /cache/entries cheap on a large cache. */
const LISTING_SCAN_BOUND = 2000;

/** Clears cache entries by layer and namespace, touching only this service's keys (never FLUSHDB). */
@Injectable()
export class CacheAdminService {
  private readonly logger = new Logger(CacheAdminService.name);

  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
  ) {}

  /** The namespace of a `cacheKey` / `x-cache-key` (E_INVALID_REQUEST if it is not one). */
  namespaceOf(key: string): string {
    return entryKeyParts(key).namespace;
  }

  /** Deletes the entry behind a `cacheKey` / `x-cache-key`; resolves whether it existed. */
  deleteEntry(key: string): Promise<boolean> {
    const { layer, namespace, id } = entryKeyParts(key);
    return layer === 'semantic' ? this.embedCache.delete(namespace, id) : this.promptCache.delete(key);
  }

  /** The newest entries of both layers among a bounded sample of each (admin only: it crosses namespaces). */
  async recentEntries(limit: number, namespace?: string): Promise<EntryListing> {
    const [exact, semantic] = await Promise.all([
      take(this.promptCache.entries(namespace), LISTING_SCAN_BOUND, ({ key, answer }) => exactView(key, answer)),
      take(this.embedCache.entries(namespace), LISTING_SCAN_BOUND, semanticView),
    ]);
    return listing([...exact, ...semantic], limit);
  }

  /** Reports on the semantic hit behind an `x-cache-key`; undefined when the entry is gone. */
  feedback(key: string, report: FeedbackReport): Promise<CalibrationResult | undefined> {
    const { layer, namespace, id } = entryKeyParts(key);
    if (layer !== 'semantic')
      throw new InvalidRequestError('feedback applies to semantic hits (embed_cache:<namespace>:<id> keys)');
    return this.embedCache.feedback(namespace, id, report);
  }

  /** The semantic layer's threshold report of one namespace (this replica's counts). */
  thresholdReport(namespace: string): ThresholdReport {
    return this.embedCache.thresholdReport(namespace);
  }

  async clear(layer: CacheLayerSelection, namespace?: string): Promise<ClearResult> {
    const [prompt, semantic, embeddings] = await Promise.all([
      clearsLayer(layer, 'prompt') ? this.promptCache.clear(namespace) : 0,
      clearsLayer(layer, 'semantic') ? this.embedCache.clear(namespace) : 0,
      clearsLayer(layer, 'embeddings') ? this.promptCache.clearEmbeddings(namespace) : 0,
    ]);
    this.logger.log(
      `Cleared ${layer} cache${namespace ? ` of namespace ${namespace}` : ''}: ` +
        `${prompt} exact, ${semantic} semantic, ${embeddings} embeddings entries`,
    );
    return { namespace: namespace ?? null, deleted: { prompt, semantic, embeddings } };
  }
}

function entryKeyParts(key: string): { layer: 'exact' | 'semantic'; namespace: string; id: string } {
  const parts = key.split(':');
  if (parts.length === 3 && (key.startsWith(PROMPT_KEY_PREFIX) || key.startsWith(EMBEDDINGS_KEY_PREFIX)))
    return { layer: 'exact', namespace: parts[1], id: parts[2] };
  if (parts.length === 3 && key.startsWith(EMBED_KEY_PREFIX))
    return { layer: 'semantic', namespace: parts[1], id: parts[2] };
  throw new InvalidRequestError(
    'key must be a prompt_cache:<namespace>:<hash>, embeddings_cache:<namespace>:<hash> or embed_cache:<namespace>:<id> key',
  );
}
