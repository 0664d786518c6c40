import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RateLimitedError, UnauthorizedError } from '../errors/access.errors';
import { DomainError } from '../errors/domain-error';
import { LlmUnavailableError } from '../errors/llm.errors';
import { httpStatusOf } from './http-status-of';

/** The JSON body of every error the service sends. */
export interface ErrorResponse {
  statusCode: number;
  code: string;
  message: string;
  /** Only on 500s: quote it to find the cause in the log. */
  errorId?: string;
}

/** What to send: usually an {@link ErrorResponse}; a structured report (Terminus's health result) as it is. */
export interface ErrorReply {
  statusCode: number;
  body: ErrorResponse | object;
  /** Headers the reply must carry: `retry-after` on 429 and on an open breaker's 503, `www-authenticate` on 401. */
  headers?: Record<string, string>;
}

const codeOfStatus: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'E_INVALID_REQUEST',
  [HttpStatus.NOT_FOUND]: 'E_NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'E_METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'E_PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'E_UNSUPPORTED_MEDIA_TYPE',
};

function reply(statusCode: number, code: string, message: string, errorId?: string): ErrorReply {
  return { statusCode, body: { statusCode, code, message, ...(errorId && { errorId }) } };
}

function fromStatus(statusCode: number, message: string): ErrorReply {
  return reply(statusCode, codeOfStatus[statusCode] ?? `E_HTTP_${statusCode}`, message);
}

function fromDomainError(error: DomainError): ErrorReply {
  const base = reply(httpStatusOf(error.code), error.code, error.message);
  if (error instanceof RateLimitedError || error instanceof LlmUnavailableError)
    return { ...base, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  if (error instanceof UnauthorizedError) return { ...base, headers: { 'www-authenticate': 'Bearer' } };
  return base;
}

/** Fastify's own request errors (bad JSON, body too large, wrong content type) carry a 4xx status. */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function fromHttpException(error: HttpException): ErrorReply {
  const body = error.getResponse();
  if (typeof body === 'object' && body !== null && !('message' in body)) return { statusCode: error.getStatus(), body };
  const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message);
  return fromStatus(error.getStatus(), message);
}

/** Maps anything thrown while serving a request to the reply; unknown errors become a logged 500 with an id. */
export function toErrorReply(error: unknown, logger: Logger): ErrorReply {
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof HttpException) return fromHttpException(error);
  const clientStatus = clientErrorStatus(error);
  if (clientStatus !== undefined) return fromStatus(clientStatus, (error as Error).message);

  const errorId = randomUUID();
  logger.error(`Unhandled error ${errorId}`, error instanceof Error ? error.stack : String(error));
  return reply(HttpStatus.INTERNAL_SERVER_ERROR, 'E_INTERNAL', 'Internal error', errorId);
}
