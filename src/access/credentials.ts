import type { FastifyRequest } from 'fastify';

type Headers = FastifyRequest['headers'];

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The token of `Authorization: Bearer <key>`, if any. */
export function bearerKey(headers: Headers): string | undefined {
  return single(headers.authorization)
    ?.trim()
    .match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** The `x-api-key` header, if any. */
export function xApiKey(headers: Headers): string | undefined {
  return single(headers['x-api-key'])?.trim() || undefined;
}

/** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key` (Anthropic-style clients). */
export function presentedKey(headers: Headers): string | undefined {
  return bearerKey(headers) ?? xApiKey(headers);
}

/**
 * Whether the TCP peer is this machine. The socket's address, not `request.ip`: no forwarding header
 * can fake it (though a reverse proxy on this machine makes every caller loopback).
 */
export function isLoopback(request: FastifyRequest): boolean {
  const address = request.raw.socket?.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
