import type { FastifyRequest } from 'fastify';
import { CacheControls } from '../common/cache-controls';
import { ForbiddenError } from '../common/errors/access.errors';
import { isWithinNamespace } from '../common/namespace';

/** Who is asking, as the guards established it. */
export interface Caller {
  /** The key's name (`admin` for ADMIN_KEY); never the key. */
  readonly name: string;
  /** The namespace the caller owns, with everything below it; undefined = every namespace (admin). */
  readonly namespace?: string;
}

const CALLER = Symbol('caller');
type WithCaller = FastifyRequest & { [CALLER]?: Caller };

export function setCaller(request: FastifyRequest, caller: Caller): void {
  (request as WithCaller)[CALLER] = caller;
}

/** The caller a guard put on the request; undefined while the service runs open. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  return (request as WithCaller)[CALLER];
}

/** Whether the request's caller may read or delete entries of `namespace`. */
export function callerMayReach(request: FastifyRequest, namespace: string): boolean {
  const owned = callerOf(request)?.namespace;
  return owned === undefined || isWithinNamespace(namespace, owned);
}

/**
 * The controls with the namespace the caller may use: the one it named if that is its own or below
 * it (else E_FORBIDDEN), its own if it named none. Open mode: the controls as they are.
 */
export function callerControls(request: FastifyRequest, controls: CacheControls): CacheControls {
  const owned = callerOf(request)?.namespace;
  if (owned === undefined || controls.namespace === owned) return controls;
  if (controls.namespace === undefined) return { ...controls, namespace: owned };
  if (isWithinNamespace(controls.namespace, owned)) return controls;
  throw new ForbiddenError(`This API key may use namespace ${owned} and its sub-namespaces (${owned}/…) only`);
}
