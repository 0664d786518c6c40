import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../common/errors/access.errors';
import { AccessConfig } from '../config/access.config';
import { LlmConfig } from '../config/llm.config';
import { AcceptedKeys } from './accepted-keys.service';
import { ApiKeyRegistry } from './api-key-registry.service';
import { ApiKey } from './api-keys';
import { Caller, setCaller } from './caller';
import { bearerKey, presentedKey, xApiKey } from './credentials';
import { derivedNamespace } from './key-digest';
import { RateLimitService } from './rate-limit.service';
import { setUpstreamCredential } from './upstream-credential';

/**
 * The service key a request presents, or E_UNAUTHORIZED (the same for a missing and a wrong key):
 * Bearer or x-api-key; in passthrough only x-api-key, as Authorization carries the upstream key.
 */
export function authenticate(registry: ApiKeyRegistry, request: FastifyRequest, passthrough = false): ApiKey {
  const presented = passthrough ? xApiKey(request.headers) : presentedKey(request.headers);
  if (presented === undefined)
    throw new UnauthorizedError(
      passthrough
        ? 'Missing API key: with UPSTREAM_AUTH=passthrough send the service key as x-api-key (Authorization: Bearer carries your upstream key)'
        : 'Missing API key: send Authorization: Bearer <key> (or x-api-key: <key>)',
    );
  const key = registry.find(presented);
  if (key === undefined) throw new UnauthorizedError('Unknown API key');
  return key;
}

/**
 * The caller's upstream key in passthrough: `Authorization: Bearer` (OpenAI clients), else, while
 * no service keys take `x-api-key`, that header (the Anthropic SDK sends its key only there).
 */
function upstreamKeyPresented(request: FastifyRequest, open: boolean): string | undefined {
  return bearerKey(request.headers) ?? (open ? xApiKey(request.headers) : undefined);
}

/** The model a JSON body asks for (`model`, else the default); undefined for a request without a body. */
function requestedModel(body: unknown, defaultModel: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const model = (body as { model?: unknown }).model;
  return typeof model === 'string' ? model : defaultModel;
}

/**
 * Guards the front ends (/ask, /v1/*): with keys configured, the request must present one; its
 * model must be one the key allows; it counts against the key's rate limit; and the key's caller
 * (name, namespace) goes on the request for {@link callerControls}. Open mode: everyone passes.
 * Passthrough (UPSTREAM_AUTH): the caller's upstream key, from `Authorization: Bearer` (or
 * `x-api-key` without service keys), goes on the request too, with whether the upstream accepted it lately; without service keys the caller's
 * namespace is derived from that key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly registry: ApiKeyRegistry,
    private readonly rateLimit: RateLimitService,
    private readonly llm: LlmConfig,
    private readonly access: AccessConfig,
    private readonly acceptedKeys: AcceptedKeys,
  ) {}

  /** Synchronous in open mode: no promise (and microtask) on every request of the hot path. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.access.passthrough) return this.admitPassthrough(request);
    if (this.registry.open) return true;
    return this.admitKey(request, authenticate(this.registry, request)).then((caller) => {
      setCaller(request, caller);
      return true;
    });
  }

  private async admitKey(request: FastifyRequest, key: ApiKey): Promise<Caller> {
    const model = requestedModel(request.body, this.llm.model);
    if (key.models && model !== undefined && !key.models.has(model))
      throw new ForbiddenError(`This API key may not use model ${model}`);
    await this.rateLimit.consume(key);
    return { name: key.name, namespace: key.namespace };
  }

  private async admitPassthrough(request: FastifyRequest): Promise<boolean> {
    const upstreamKey = upstreamKeyPresented(request, this.registry.open);
    if (upstreamKey === undefined)
      throw new UnauthorizedError(
        this.registry.open
          ? 'Missing upstream key: with UPSTREAM_AUTH=passthrough send Authorization: Bearer <key> (or x-api-key: <key>)'
          : 'Missing upstream key: with UPSTREAM_AUTH=passthrough send Authorization: Bearer <key>',
      );
    // A service or admin key as the upstream key would be sent upstream: refuse it rather than leak it.
    if (this.registry.find(upstreamKey) !== undefined || this.registry.isAdmin(upstreamKey))
      throw new UnauthorizedError(
        'With UPSTREAM_AUTH=passthrough, Authorization: Bearer carries your upstream key; send the service key as x-api-key',
      );
    const caller = this.registry.open
      ? // validateEnvironment makes CACHE_SECRET present in passthrough mode.
        { name: 'passthrough', namespace: derivedNamespace(this.access.cacheSecret!, upstreamKey) }
      : await this.admitKey(request, authenticate(this.registry, request, true));
    setCaller(request, caller);
    setUpstreamCredential(request, { key: upstreamKey, accepted: await this.acceptedKeys.isAccepted(upstreamKey) });
    return true;
  }
}
