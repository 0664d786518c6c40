import type { FastifyRequest } from 'fastify';
import { CacheControls } from '../common/cache-controls';
import { ForbiddenError } from '../common/errors/access.errors';
import { isWithinNamespace } from '../common/namespace';
import { upstreamCredentialOf } from './upstream-credential';
import { requestSlot } from './request-slot';

/** Who is asking, as the guards established it. */
export interface Caller {
  /** The key's name (`admin` for ADMIN_KEY); never the key. */
  readonly name: string;
  /** The namespace the caller owns, with everything below it; undefined = every namespace (admin). */
  readonly namespace?: string;
}

const caller = requestSlot<Caller>('caller');

export const setCaller = caller.set;

/** The caller a guard put on the request; undefined while the service runs open. */
export const callerOf = caller.get;

/** Whether the request's caller may read or delete entries of `namespace`. */
export function callerMayReach(request: FastifyRequest, namespace: string): boolean {
  const owned = callerOf(request)?.namespace;
  return owned === undefined || isWithinNamespace(namespace, owned);
}

/**
 * The controls with the namespace the caller may use: the one it named if that is its own or below
 * it (else E_FORBIDDEN), its own if it named none; no reading while a passthrough key awaits the
 * upstream's acceptance. Open mode: the controls as they are.
 */
export function callerControls(request: FastifyRequest, controls: CacheControls): CacheControls {
  return withheldUntilAccepted(request, namespacedControls(request, controls));
}

function namespacedControls(request: FastifyRequest, controls: CacheControls): CacheControls {
  const owned = callerOf(request)?.namespace;
  if (owned === undefined || controls.namespace === owned) return controls;
  if (controls.namespace === undefined) return { ...controls, namespace: owned };
  if (isWithinNamespace(controls.namespace, owned)) return controls;
  throw new ForbiddenError(`This API key may use namespace ${owned} and its sub-namespaces (${owned}/…) only`);
}

/**
 * Passthrough: a key the upstream has not accepted lately reads nothing and shares no call in
 * flight (it could be made up); its own upstream call checks it, and a 2xx lets it read next time.
 */
function withheldUntilAccepted(request: FastifyRequest, controls: CacheControls): CacheControls {
  const credential = upstreamCredentialOf(request);
  if (credential === undefined || credential.accepted || !controls.read) return controls;
  return { ...controls, read: false, readWithheld: true, coalesce: false };
}
