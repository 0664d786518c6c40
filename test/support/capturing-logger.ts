import { LoggerService } from '@nestjs/common';

type Level = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const INFO_OR_ABOVE: ReadonlySet<Level> = new Set(['fatal', 'error', 'warn', 'log']);

/** A Nest logger that keeps every line in memory, for tests that check what the app logs. */
export class CapturingLogger implements LoggerService {
  readonly lines: { level: Level; text: string }[] = [];

  log = this.capture('log');
  warn = this.capture('warn');
  error = this.capture('error');
  fatal = this.capture('fatal');
  debug = this.capture('debug');
  verbose = this.capture('verbose');

  /** Every line at info level (`log`) or above, message and context (and stack) joined. */
  infoOrAbove(): string {
    return this.lines
      .filter((line) => INFO_OR_ABOVE.has(line.level))
      .map((line) => line.text)
      .join('\n');
  }

  private capture(level: Level) {
    return (...parts: unknown[]) => {
      const text = parts.map(describe).join(' ');
      this.lines.push({ level, text });
    };
  }
}

function describe(part: unknown): string {
  if (part instanceof Error) return part.stack ?? part.message;
  return typeof part === 'object' && part !== null ? JSON.stringify(part) : String(part);
}

/** A pino destination that keeps the structured log lines (JSON) in memory. */
export class CapturingLogStream {
  readonly lines: { level: number; [field: string]: unknown }[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as { level: number });
  }

  /** Every line at pino's info level (30) or above, as JSON text. */
  infoOrAbove(): string {
    return this.lines
      .filter((line) => line.level >= 30)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }
}
