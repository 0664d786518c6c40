import type { FastifyRequest } from 'fastify';

/** A typed value the guard attaches to a request for the handlers after it, under a private symbol. */
export function requestSlot<T>(description: string): {
  set: (request: FastifyRequest, value: T) => void;
  get: (request: FastifyRequest) => T | undefined;
} {
  const slot = Symbol(description);
  type Holder = FastifyRequest & { [slot]?: T };
  return {
    set: (request, value) => void ((request as Holder)[slot] = value),
    get: (request) => (request as Holder)[slot],
  };
}
