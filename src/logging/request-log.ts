import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { responseRequestIdOf } from './request-id';

/**
 * One line per request, written when its response has gone out: the method, the URL and the id of
 * the request, the status of the response and how long it took. Never headers (API keys, upstream
 * credentials) nor bodies (questions, answers). A Fastify hook writing through the root logger: no
 * per-request child logger and no AsyncLocalStorage, whose promise hooks every request would pay for.
 */
export function useRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = statusCode >= 500 ? 'error' : 'info';
    if (logger.isLevelEnabled(level)) logger[level](lineOf(request, reply), 'request completed');
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logger.info({ req: requestOf(request) }, 'request aborted');
    done();
  });
}

function lineOf(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const line: Record<string, unknown> = {
    req: requestOf(request),
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
  };
  const responseRequestId = responseRequestIdOf(request.id, reply.raw);
  if (responseRequestId !== undefined) line.responseRequestId = responseRequestId;
  return line;
}

function requestOf(request: FastifyRequest): { id: string; method: string; url: string } {
  return { id: request.id, method: request.method, url: request.url };
}
