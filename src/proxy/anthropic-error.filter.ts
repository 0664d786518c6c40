import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, toErrorReply } from '../common/filters/error-response';
import { anthropicError, UpstreamHttpError } from '../llm/upstream-http.error';

/**
 * Errors of `/v1/messages` in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, so
 * Anthropic clients raise their usual exception classes. An upstream HTTP error goes out with its
 * own status and body, untouched.
 */
@Catch()
export class AnthropicErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(AnthropicErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) return; // a stream already under way: ended by its handler
    if (exception instanceof UpstreamHttpError) {
      void reply.status(exception.status).headers(exception.headers).send(exception.body);
      return;
    }
    const { statusCode, body, headers } = toErrorReply(exception, this.logger);
    const { message, errorId } = body as ErrorResponse;
    const error = anthropicError(statusCode, message);
    void reply
      .status(statusCode)
      .headers(headers ?? {})
      .send(errorId ? { ...error, error: { ...error.error, error_id: errorId } } : error);
  }
}
