import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { register } from 'prom-client';
import { createApp } from '../../src/app.factory';
import { EmbedCacheService } from '../../src/embed-cache/embed-cache.service';

/**
 * Boots the real app in-process through the same factory as main.ts, with only the variables
 * given (never the developer's shell or .env). prom-client's registry is global, so it is
 * cleared first: each app starts its metrics from zero. Logs are off unless a `logger` is given.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  { logger = false }: { logger?: false | LoggerService } = {},
): Promise<NestFastifyApplication> {
  register.clear();
  const { app } = await createApp({ env: { LLM_MAX_RETRIES: '0', ...env }, logger });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  // The index loads in the background; tests start once it has, as a readiness probe would.
  await app.get(EmbedCacheService).whenLoaded();
  return app;
}
