import { ConsoleLogger, Logger } from '@nestjs/common';
import pino from 'pino';
import { Writable } from 'node:stream';
import { AppLogger } from './app-logger';

/** Collects the JSON lines pino writes. */
function capture(): { lines: Record<string, unknown>[]; logger: AppLogger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: new AppLogger(pino({ level: 'debug' }, sink)) };
}

describe('AppLogger', () => {
  afterEach(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  it("writes a Nest Logger's line with its context as a field", () => {
    const { lines, logger } = capture();

    Logger.overrideLogger(logger);
    new Logger('Bootstrap').log('Listening on 3000');

    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'Listening on 3000', context: 'Bootstrap' })]);
  });

  it('keeps the stack Nest passes before the context of an error', () => {
    const { lines, logger } = capture();

    logger.error('boom', 'Error: boom\n    at x', 'Redis');

    expect(lines[0]).toMatchObject({ level: 50, msg: 'boom', stack: 'Error: boom\n    at x', context: 'Redis' });
  });

  it('serialises an Error as err and merges an object message into the line', () => {
    const { lines, logger } = capture();

    logger.warn(new Error('upstream down'), 'Llm');
    logger.debug({ namespace: 'tenant-a', evicted: 3 }, 'Budget');

    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'upstream down',
      context: 'Llm',
      err: { message: 'upstream down' },
    });
    expect(lines[1]).toMatchObject({ level: 20, namespace: 'tenant-a', evicted: 3, context: 'Budget' });
  });

  it('writes nothing below its level', () => {
    const { lines, logger } = capture();

    logger.verbose('a trace line', 'Ctx');

    expect(lines).toEqual([]);
  });
});
