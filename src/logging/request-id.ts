import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An incoming id is reused only when it is short and plain, so it cannot forge or break a log line. */
const REUSABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when it is plain, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REUSABLE_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Puts the request id of the log lines on the response as `x-request-id`. Set on the raw response,
 * so that a route's own value wins (a /v1 route sends the upstream's id, or a `req_cache_…` one,
 * which OpenAI clients expose), and the log line then names both.
 */
export function useRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('x-request-id', request.id);
    done();
  });
}

/** The response's `x-request-id` when a route replaced the log's request id with its own; else undefined. */
export function responseRequestIdOf(requestId: string, res: ServerResponse): string | undefined {
  const sent = res.getHeader('x-request-id');
  return typeof sent === 'string' && sent !== requestId ? sent : undefined;
}
