import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../common/errors/access.errors';
import { LlmConfig } from '../config/llm.config';
import { ApiKeyRegistry } from './api-key-registry.service';
import { ApiKey } from './api-keys';
import { setCaller } from './caller';
import { presentedKey } from './credentials';
import { RateLimitService } from './rate-limit.service';

/** The key a request presents, or E_UNAUTHORIZED (the same for a missing and a wrong key). */
export function authenticate(registry: ApiKeyRegistry, request: FastifyRequest): ApiKey {
  const presented = presentedKey(request.headers);
  if (presented === undefined)
    throw new UnauthorizedError('Missing API key: send Authorization: Bearer <key> (or x-api-key: <key>)');
  const key = registry.find(presented);
  if (key === undefined) throw new UnauthorizedError('Unknown API key');
  return key;
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
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly registry: ApiKeyRegistry,
    private readonly rateLimit: RateLimitService,
    private readonly llm: LlmConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.registry.open) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = authenticate(this.registry, request);
    const model = requestedModel(request.body, this.llm.model);
    if (key.models && model !== undefined && !key.models.has(model))
      throw new ForbiddenError(`This API key may not use model ${model}`);
    await this.rateLimit.consume(key);
    setCaller(request, { name: key.name, namespace: key.namespace });
    return true;
  }
}
