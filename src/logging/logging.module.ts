import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityConfig } from '../config/observability.config';
import { AppLogger } from './app-logger';
import { createRootLogger, LogOutput } from './root-logger';

export type { LogOutput } from './root-logger';

/** Structured JSON logs: the app's own lines (AppLogger) and, through app.factory, one line per request. */
@Module({})
export class LoggingModule {
  static forRoot(output: LogOutput): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: AppLogger,
          inject: [ObservabilityConfig],
          useFactory: (config: ObservabilityConfig) => new AppLogger(createRootLogger(config.logLevel, output)),
        },
      ],
      exports: [AppLogger],
    };
  }
}
