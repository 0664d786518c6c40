import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from './error-response';

/**
 * The one exception filter: every error leaves the service in the ErrorResponse shape, but under a
 * prefix given its own filter (`/v1/`: OpenAI's shape). Route filters cover errors of a handler;
 * this one also sees Fastify's own (bad JSON, 413, 415) and unmatched URLs.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorResponseFilter.name);

  constructor(private readonly byPrefix: Readonly<Record<string, ExceptionFilter>> = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const url = host.switchToHttp().getRequest<FastifyRequest>().url;
    const prefix = Object.keys(this.byPrefix).find((candidate) => url.startsWith(candidate));
    if (prefix !== undefined) {
      this.byPrefix[prefix].catch(exception, host);
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
