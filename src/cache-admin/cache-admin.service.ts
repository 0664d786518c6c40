import { Injectable, Logger } from '@nestjs/common';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';

export type CacheLayerSelection = 'all' | 'prompt' | 'semantic';

export interface ClearResult {
  namespace: string | null;
  deleted: { prompt: number; semantic: number };
}

/** Clears cache entries by layer and namespace, touching only this service's keys (never FLUSHDB). */
@Injectable()
export class CacheAdminService {
  private readonly logger = new Logger(CacheAdminService.name);

  constructor(
    private readonly promptCache: PromptCacheService,
    private readonly embedCache: EmbedCacheService,
  ) {}

  async clear(layer: CacheLayerSelection, namespace?: string): Promise<ClearResult> {
    const [prompt, semantic] = await Promise.all([
      layer === 'semantic' ? 0 : this.promptCache.clear(namespace),
      layer === 'prompt' ? 0 : this.embedCache.clear(namespace),
    ]);
    this.logger.log(`Cleared ${layer} cache${namespace ? ` of namespace ${namespace}` : ''}: ${prompt} prompt, ${semantic} semantic entries`);
    return { namespace: namespace ?? null, deleted: { prompt, semantic } };
  }
}
