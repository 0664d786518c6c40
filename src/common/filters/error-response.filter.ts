import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorReply } from './error-response';

/** The one exception filter: every error leaves the service in the ErrorResponse shape. */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorResponseFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode, body, headers } = toErrorReply(exception, this.logger);
    void reply
      .status(statusCode)
      .headers(headers ?? {})
      .send(body);
  }
}
