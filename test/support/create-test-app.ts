import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { register } from 'prom-client';
import { createApp } from '../../src/app.factory';
import { EmbedCacheService } from '../../src/embed-cache/embed-cache.service';
import { LogOutput } from '../../src/logging/logging.module';

/**
 * Boots the real app in-process through the same factory as main.ts, with only the variables
 * given (never the developer's shell or .env). prom-client's registry is global, so it is
 * cleared first: each app starts its metrics from zero. Logs are off unless a `logger` (the app's
 * own lines) or a `logOutput` (the structured request lines) is given.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  { logger = false, logOutput }: { logger?: false | LoggerService; logOutput?: LogOutput } = {},
): Promise<NestFastifyApplication> {
  register.clear();
  const { app } = await createApp({ env: { LLM_MAX_RETRIES: '0', ...env }, logger, logOutput });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // The index loads in the background; tests start once it has, as a readiness probe would.
  await app.get(EmbedCacheService).whenLoaded();
  return app;
}
