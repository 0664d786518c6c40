import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, toErrorReply } from '../common/filters/error-response';
import { UpstreamHttpError } from '../llm/upstream-http.error';
import { withRequestId } from './answer-headers';

/** OpenAI's error `type` for each status class, so SDKs raise their usual exception classes. */
function typeOf(status: number): string {
  if (status === 400 || status === 404 || status === 413 || status === 415) return 'invalid_request_error';
  if (status === 504) return 'timeout';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/**
 * Errors of the /v1 routes in OpenAI's shape, `{"error": {"message", "type", "param", "code"}}`, with
 * an `x-request-id` like every /v1 answer. An upstream HTTP error goes out with its own status and
 * body, untouched.
 */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(OpenAiErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) return; // a stream already under way: ended by its handler
    if (exception instanceof UpstreamHttpError) {
      void reply.status(exception.status).headers(withRequestId(exception.headers)).send(exception.body);
      return;
    }
    const { statusCode, body, headers } = toErrorReply(exception, this.logger);
    const { code, message, errorId } = body as ErrorResponse;
    void reply
      .status(statusCode)
      .headers(withRequestId(headers ?? {}))
      .send({
        error: {
          message,
          type: typeOf(statusCode),
          param: null,
          code: code ?? null,
          ...(errorId && { error_id: errorId }),
        },
      });
  }
}
