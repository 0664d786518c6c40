import { errorCodes, FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { requestSlot } from '../../access/request-slot';

/**
 * The Fastify routes that forward any body as it came (ForwardController's `@All('*')` under `v1`).
 * Named by URL: Nest's `@All` drops `@RouteConfig`, so no route flag can mark them.
 */
export const FORWARDING_ROUTES: ReadonlySet<string> = new Set(['/v1/*']);

const unreadBody = requestSlot<Readable>('forwardedBody');

/** The body a forwarding route has left to stream upstream: any type but JSON, form and text. */
export const unreadBodyOf = unreadBody.get;

const forwardsBody = (request: FastifyRequest) => FORWARDING_ROUTES.has(request.routeOptions.url ?? '');

/**
 * Fastify answers 415 to a body it has no parser for (multipart, audio, octet-stream). This fallback
 * parser leaves such a body unread on a forwarding route, which streams it upstream byte for byte
 * (so BODY_LIMIT_BYTES does not bound it: nothing is buffered); every other route keeps the 415.
 */
export function acceptAnyBodyOnForwardingRoutes(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('*', (request, payload, done) => {
    if (!forwardsBody(request)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      return;
    }
    unreadBody.set(request, payload);
    done(null, undefined);
  });
}
