import pino, { destination, DestinationStream, Logger } from 'pino';

/** Where the log lines go: `stdout` (pretty on a terminal), a stream (tests), or nowhere. */
export type LogOutput = 'stdout' | 'silent' | DestinationStream;

/** The one pino logger behind the app's own lines and the request lines. */
export function createRootLogger(level: string, output: LogOutput): Logger {
  if (output === 'silent') return pino({ level: 'silent' });
  if (output !== 'stdout') return pino({ level }, output);
  if (process.stdout.isTTY === true) {
    return pino({ level, transport: { target: 'pino-pretty', options: { singleLine: true } } });
  }
  return pino({ level }, asynchronousStdout());
}

/**
 * stdout written from libuv's thread pool: a synchronous write to a pipe whose reader (the container
 * runtime) sleeps makes the request wait for the reader's wake-up. pino flushes what is pending when
 * the process exits, signals and uncaught errors included; only a SIGKILL can lose the last lines.
 */
function asynchronousStdout(): DestinationStream {
  return destination({ dest: 1, sync: false });
}
