import {
  Body,
  Controller,
  Get,
  Delete,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../openapi/error-schemas';
import type { FastifyRequest } from 'fastify';
import { AdminGuard, AdminOrKeyGuard } from '../access/admin.guard';
import { callerMayReach } from '../access/caller';
import { ClearResult } from '../common/cache-clearing';
import { CacheAdminService } from './cache-admin.service';
import { ClearCacheQueryDto } from './dto/clear-cache-query.dto';
import { ListEntriesQueryDto } from './dto/list-entries-query.dto';
import { EntryListing } from './recent-entries';
import { EntryFeedbackDto } from './dto/entry-feedback.dto';
import { ThresholdReportQueryDto } from './dto/threshold-report-query.dto';
import { ThresholdReport } from '../embed-cache/analytics/threshold-report';
import { CalibrationResult } from '../embed-cache/calibration/entry-calibration.service';

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

  /** The newest entries of both layers (question, layer, hits, similarity), for the dashboard; admin only. */
  @Get('entries')
  @UseGuards(AdminGuard)
  listEntries(@Query() query: ListEntriesQueryDto): Promise<EntryListing> {
    return this.cacheAdmin.recentEntries(Number(query.limit ?? 50), query.namespace);
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

  /**
   * A report on a semantic hit, by its key: a wrong one raises the entry's own threshold above the
   * similarity it matched at (and deletes the entry past SEMANTIC_FEEDBACK_EVICT_AFTER), a correct
   * one lets it relax. Namespaces are reached as for DELETE.
   */
  @Post('entries/:key/feedback')
  @HttpCode(200)
  @UseGuards(AdminOrKeyGuard)
  async feedback(
    @Param('key') key: string,
    @Body() body: EntryFeedbackDto,
    @Req() request: FastifyRequest,
  ): Promise<CalibrationResult & { key: string }> {
    const reachable = callerMayReach(request, this.cacheAdmin.namespaceOf(key));
    const result = reachable ? await this.cacheAdmin.feedback(key, body) : undefined;
    if (!result) throw new NotFoundException(`No semantic cache entry ${key}`);
    return { key, ...result };
  }

  /**
   * Hit, uncertain, verified and near-miss rates of a namespace, its similarity histogram and a
   * recommended threshold with the reason, as this replica counted them. An API key sees its own
   * namespaces only (another's is a 404).
   */
  @Get('threshold-report')
  @UseGuards(AdminOrKeyGuard)
  thresholdReport(@Query() query: ThresholdReportQueryDto, @Req() request: FastifyRequest): ThresholdReport {
    if (!callerMayReach(request, query.namespace)) throw new NotFoundException(`No namespace ${query.namespace}`);
    return this.cacheAdmin.thresholdReport(query.namespace);
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
