import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from './errors/invalid-request.error';
import { nestsDeeperThan } from './json-depth';

/**
 * Deepest nesting of arrays and objects a JSON body may have. JSON.parse builds any depth, but the
 * recursive steps after it (class-transformer, the key's canonical stringify, JSON.stringify of the
 * upstream request) overflow the stack a few thousand levels down; real requests (a JSON schema in
 * `response_format` or `tools` included) stay far below this.
 */
export const MAX_JSON_DEPTH = 64;

const POISONED = 'request body must not contain the keys __proto__ or constructor.prototype';
const TOO_DEEP = `request body must not nest arrays and objects over ${MAX_JSON_DEPTH} deep`;

/** Whether `body` parses as plain JSON: if Fastify refused it, it was for its keys, not its syntax. */
function isValidJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one parser of request bodies (`application/json` only): Fastify's own, which refuses
 * prototype-poisoning keys, plus a clear message for them and a limit on nesting; the text read is
 * kept as `request.rawBody`. Its errors reach the app's exception filter, so they leave in the
 * route's error shape.
 */
export function useJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    void parse(request, text, (error, value: unknown) => {
      if (error && isValidJson(text)) return done(new InvalidRequestError(POISONED));
      if (error) return done(error);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return done(new InvalidRequestError(TOO_DEEP));
      // The text as it came (a reference, no copy): a forwarded route sends these bytes, not a re-encoding.
      (request as { rawBody?: string }).rawBody = text;
      done(null, value);
    });
  });
}
