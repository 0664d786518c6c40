import { Module } from '@nestjs/common';
import { AdminGuard, AdminOrKeyGuard } from './admin.guard';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-key-registry.service';
import { RateLimitService } from './rate-limit.service';

/**
 * API keys, the admin key and rate limits. Front ends import it and put {@link ApiKeyGuard} (or the
 * admin guards) on their controllers; /health and /metrics stay open for probes and scrapers.
 */
@Module({
  providers: [ApiKeyRegistry, RateLimitService, ApiKeyGuard, AdminGuard, AdminOrKeyGuard],
  exports: [ApiKeyRegistry, RateLimitService, ApiKeyGuard, AdminGuard, AdminOrKeyGuard],
})
export class AccessModule {}
