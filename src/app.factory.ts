import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ValidationError } from 'class-validator';
import { AppModule } from './app.module';
import { InvalidRequestError } from './common/errors/invalid-request.error';
import { ErrorResponseFilter } from './common/filters/error-response.filter';
import { AppConfigModule, AppConfigOptions } from './config/app-config.module';
import { Environment } from './config/environment';

export interface CreatedApp {
  app: NestFastifyApplication;
  environment: Environment;
}

function toInvalidRequest(errors: ValidationError[]): InvalidRequestError {
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` }));
  return new InvalidRequestError(messages.join('; ') || 'request body must be a JSON object');
}

/**
 * Builds the application exactly as it serves: Fastify (about 4x cheaper per request than
 * Express here), the body limit, the validation pipe and the error filter. main.ts and the
 * e2e tests both call this, so tests exercise the same pipeline as production.
 */
export async function createApp(options: AppConfigOptions & { logger?: false } = {}): Promise<CreatedApp> {
  const { module: config, environment } = await AppConfigModule.load(options);
  const adapter = new FastifyAdapter({ bodyLimit: environment.BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.with(config), adapter, {
    logger: options.logger,
    abortOnError: false,
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, exceptionFactory: toInvalidRequest }),
  );
  app.useGlobalFilters(new ErrorResponseFilter());
  app.enableShutdownHooks();
  return { app, environment };
}
