import { Controller, Delete, Query } from '@nestjs/common';
import { CacheAdminService, ClearResult } from './cache-admin.service';
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

  @Delete('semantic')
  clearSemantic(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('semantic', query.namespace);
  }
}
