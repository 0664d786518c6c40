import { Controller, Delete, NotFoundException, Param, Query } from '@nestjs/common';
import { ClearResult } from '../common/cache-clearing';
import { CacheAdminService } from './cache-admin.service';
import { ClearCacheQueryDto } from './dto/clear-cache-query.dto';

/** The HTTP form of the original demo's redis-cli clearing recipes. */
@Controller('cache')
export class CacheAdminController {
  constructor(private readonly cacheAdmin: CacheAdminService) {}

  @Delete()
  clearAll(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('all', query.namespace);
  }

  @Delete('prompt')
  clearPrompt(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('prompt', query.namespace);
  }

  /** Deletes one entry by the key a response reported (`cacheKey` in /ask, `x-cache-key` in the proxy). */
  @Delete('entries/:key')
  async deleteEntry(@Param('key') key: string): Promise<{ deleted: string }> {
    if (!(await this.cacheAdmin.deleteEntry(key))) throw new NotFoundException(`No cache entry ${key}`);
    return { deleted: key };
  }

  @Delete('semantic')
  clearSemantic(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('semantic', query.namespace);
  }

  /** The cached /v1/embeddings answers; DELETE /cache/prompt leaves them. */
  @Delete('embeddings')
  clearEmbeddings(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('embeddings', query.namespace);
  }
}
