import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { destination, DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { ObservabilityConfig } from '../config/observability.config';
import { responseRequestIdOf } from './request-id';

/** Where the log lines go: `stdout` (pretty on a terminal), a stream (tests), or nowhere. */
export type LogOutput = 'stdout' | 'silent' | DestinationStream;

/**
 * Only the method, the URL and the id of a request, and the status of its response: headers carry
 * API keys and upstream credentials, bodies carry questions and answers.
 */
const serializers = {
  req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

function pinoHttpOptions(config: ObservabilityConfig, output: LogOutput): Params['pinoHttp'] {
  const pretty = output === 'stdout' && process.stdout.isTTY === true;
  const options: Options = {
    level: output === 'silent' ? 'silent' : config.logLevel,
    serializers,
    customSuccessObject: (req: IncomingMessage, res: ServerResponse, value: object) => {
      const responseRequestId = responseRequestIdOf(req, res);
      return responseRequestId === undefined ? value : { ...value, responseRequestId };
    },
    ...(pretty && { transport: { target: 'pino-pretty', options: { singleLine: true } } }),
  };
  if (output === 'stdout' && !pretty) return [options, asynchronousStdout()];
  return typeof output === 'string' ? options : [options, output];
}

/**
 * stdout written from libuv's thread pool: a synchronous write to a pipe whose reader (the container
 * runtime) sleeps makes the request wait for the reader's wake-up. pino flushes what is pending when
 * the process exits, signals and uncaught errors included; only a SIGKILL can lose the last lines.
 */
function asynchronousStdout(): DestinationStream {
  return destination({ dest: 1, sync: false });
}

/** Structured JSON logs (nestjs-pino): one line per request with its id, and the app's own lines. */
@Module({})
export class LoggingModule {
  static forRoot(output: LogOutput): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ObservabilityConfig],
          useFactory: (config: ObservabilityConfig) => ({ pinoHttp: pinoHttpOptions(config, output) }),
        }),
      ],
    };
  }
}
