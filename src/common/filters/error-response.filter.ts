import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from './error-response';

/** Whether `url` is `prefix` or below it (`/v1`, `/v1/…`, `/v1?…`). */
function isUnder(url: string, prefix: string): boolean {
  return url.startsWith(prefix) && (url.length === prefix.length || '/?'.includes(url[prefix.length]));
}

/**
 * The one exception filter: every error leaves the service in the ErrorResponse shape, except
 * below a path prefix given its own filter (`/v1` answers in OpenAI's shape). Controllers name
 * their filter themselves; the prefixes are for what fails before a controller runs: an unknown
 * route, a body that does not parse or is too large.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorResponseFilter.name);

  constructor(private readonly filtersByPrefix: Readonly<Record<string, ExceptionFilter>> = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const url = host.switchToHttp().getRequest<FastifyRequest>().url;
    const prefix = Object.keys(this.filtersByPrefix).find((p) => isUnder(url, p));
    if (prefix !== undefined) {
      this.filtersByPrefix[prefix].catch(exception, host);
      return;
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode, body, headers } = toErrorReply(exception, this.logger);
    void reply
      .status(statusCode)
      .headers(headers ?? {})
      .send(body);
  }
}
