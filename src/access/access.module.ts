import { Module } from '@nestjs/common';
import { AcceptedKeys } from './accepted-keys.service';
import { AdminGuard, AdminOrKeyGuard } from './admin.guard';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-key-registry.service';
import { RateLimitService } from './rate-limit.service';

/**
 * API keys, the admin key, rate limits and (UPSTREAM_AUTH=passthrough) the upstream keys accepted lately. Front ends import it and put {@link ApiKeyGuard} (or the
 * admin guards) on their controllers; /health and /metrics stay open for probes and scrapers.
 */
@Module({
  providers: [ApiKeyRegistry, RateLimitService, AcceptedKeys, ApiKeyGuard, AdminGuard, AdminOrKeyGuard],
  exports: [ApiKeyRegistry, RateLimitService, AcceptedKeys, ApiKeyGuard, AdminGuard, AdminOrKeyGuard],
})
export class AccessModule {}
