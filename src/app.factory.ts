import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { AppLogger } from './logging/app-logger';
import { LogOutput } from './logging/logging.module';
import { useRequestLog } from './logging/request-log';
import { requestIdOf, useRequestIds } from './logging/request-id';
import { useJsonBodyParser } from './common/json-body-parser';
import { ErrorResponseFilter } from './common/filters/error-response.filter';
import { StrictValidationPipe } from './common/pipes/strict-validation.pipe';
import { AppConfigModule, AppConfigOptions } from './config/app-config.module';
import { Environment } from './config/environment';
import { acceptAnyBodyOnForwardingRoutes } from './proxy/forward/forwarded-body';
import { useOpenApi } from './openapi/openapi';
import { OpenAiErrorFilter } from './proxy/openai-error.filter';

export interface CreateAppOptions extends AppConfigOptions {
  /** The app's own lines (Nest's Logger); undefined = the structured pino logger (main.ts). */
  logger?: false | LoggerService;
  /** Where the request lines (and, without `logger`, every line) go; default stdout, `silent` with a `logger`. */
  logOutput?: LogOutput;
}

export interface CreatedApp {
  app: NestFastifyApplication;
  environment: Environment;
}

/**
 * Builds the application exactly as it serves: Fastify (cheaper per request than Express;
 * `npm run bench:ask-hit`), the body limit, the validation pipe and the error filter. main.ts and the
 * e2e tests both call this, so tests exercise the same pipeline as production.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<CreatedApp> {
  const { module: config, environment } = await AppConfigModule.load(options);
  const adapter = new FastifyAdapter({ bodyLimit: environment.BODY_LIMIT_BYTES, genReqId: requestIdOf });
  const pino = options.logger === undefined;
  const logs = options.logOutput ?? (pino ? 'stdout' : 'silent');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config, logs), adapter, {
    logger: options.logger,
    bufferLogs: pino,
    abortOnError: false,
    // Bodies go through useJsonBodyParser only: Nest's parsers would build a JSON parser per request
    // and accept form-encoded bodies no route expects (the forwarding routes stream those as they came).
    bodyParser: false,
  });
  const logger = app.get(AppLogger);
  if (pino) app.useLogger(logger);
  useRequestIds(adapter.getInstance());
  useRequestLog(adapter.getInstance(), logger.pino);
  useJsonBodyParser(adapter.getInstance());
  acceptAnyBodyOnForwardingRoutes(adapter.getInstance());
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(new ErrorResponseFilter({ '/v1': new OpenAiErrorFilter() }));
  useOpenApi(app);
  // No enableShutdownHooks(): main.ts shuts down gracefully on signals (src/shutdown), tests close the app.
  return { app, environment };
}
