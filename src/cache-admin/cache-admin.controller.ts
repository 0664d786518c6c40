import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../openapi/error-schemas';
import { Controller, Delete, NotFoundException, Param, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminGuard, AdminOrKeyGuard } from '../access/admin.guard';
import { callerMayReach } from '../access/caller';
import { ClearResult } from '../common/cache-clearing';
import { CacheAdminService } from './cache-admin.service';
import { ClearCacheQueryDto } from './dto/clear-cache-query.dto';

/** The HTTP form of the original demo's redis-cli clearing recipes. */
@ApiTags('cache')
@ApiSecurity('bearer')
@ApiResponse({
  status: 401,
  type: ErrorResponseDto,
  description: 'ADMIN_KEY (or, for one entry, an API key) missing or wrong',
})
@Controller('cache')
export class CacheAdminController {
  constructor(private readonly cacheAdmin: CacheAdminService) {}

  @Delete()
  @ApiOperation({ summary: 'Clear every layer (admin key)' })
  @UseGuards(AdminGuard)
  clearAll(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('all', query.namespace);
  }

  @Delete('prompt')
  @ApiOperation({ summary: 'Clear the exact layer (admin key)' })
  @UseGuards(AdminGuard)
  clearPrompt(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('prompt', query.namespace);
  }

  /**
   * Deletes one entry by the key a response reported (`cacheKey` in /ask, `x-cache-key` in the
   * proxy). An API key may delete only entries of its own namespaces; another namespace's entry is a
   * 404 like a missing one, so that a key cannot learn which entries exist elsewhere.
   */
  @Delete('entries/:key')
  @ApiOperation({
    summary: 'Delete one entry by the key a response reported (admin key, or an API key of its namespace)',
  })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  @UseGuards(AdminOrKeyGuard)
  async deleteEntry(@Param('key') key: string, @Req() request: FastifyRequest): Promise<{ deleted: string }> {
    const reachable = callerMayReach(request, this.cacheAdmin.namespaceOf(key));
    if (!reachable || !(await this.cacheAdmin.deleteEntry(key))) throw new NotFoundException(`No cache entry ${key}`);
    return { deleted: key };
  }

  @Delete('semantic')
  @ApiOperation({ summary: 'Clear the semantic layer (admin key)' })
  @UseGuards(AdminGuard)
  clearSemantic(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('semantic', query.namespace);
  }

  /** The cached /v1/embeddings answers; DELETE /cache/prompt leaves them. */
  @Delete('embeddings')
  @ApiOperation({ summary: 'Clear the cached /v1/embeddings answers (admin key)' })
  @UseGuards(AdminGuard)
  clearEmbeddings(@Query() query: ClearCacheQueryDto): Promise<ClearResult> {
    return this.cacheAdmin.clear('embeddings', query.namespace);
  }
}
