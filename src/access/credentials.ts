import type { FastifyRequest } from 'fastify';

type Headers = FastifyRequest['headers'];

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key` (Anthropic-style clients). */
export function presentedKey(headers: Headers): string | undefined {
  const authorization = single(headers.authorization)?.trim();
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? (single(headers['x-api-key'])?.trim() || undefined);
}

/**
 * Whether the TCP peer is this machine. The socket's address, not `request.ip`: no forwarding header
 * can fake it (though a reverse proxy on this machine makes every caller loopback).
 */
export function isLoopback(request: FastifyRequest): boolean {
  const address = request.raw.socket?.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
