import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../common/errors/access.errors';
import { AccessConfig } from '../config/access.config';
import { ApiKeyRegistry } from './api-key-registry.service';
import { authenticate } from './api-key.guard';
import { setCaller } from './caller';
import { isLoopback, presentedKey } from './credentials';
import { RateLimitService } from './rate-limit.service';

/**
 * Whether the request may act as admin: it presents ADMIN_KEY, or no ADMIN_KEY is set, the service
 * runs open and the caller is on this machine.
 */
function admitAdmin(registry: ApiKeyRegistry, request: FastifyRequest): boolean {
  if (registry.isAdmin(presentedKey(request.headers))) {
    setCaller(request, { name: 'admin' });
    return true;
  }
  return !registry.adminConfigured && registry.open && isLoopback(request);
}

function notAdmin(registry: ApiKeyRegistry): ForbiddenError {
  return new ForbiddenError(
    registry.adminConfigured
      ? 'This endpoint needs ADMIN_KEY: send Authorization: Bearer <ADMIN_KEY>'
      : 'ADMIN_KEY is not set: admin endpoints answer only callers on this machine, and only while the service runs open',
  );
}

/** Guards clearing and admin endpoints (`DELETE /cache*`): ADMIN_KEY, else 403 (see {@link admitAdmin}). */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly registry: ApiKeyRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    if (admitAdmin(this.registry, context.switchToHttp().getRequest<FastifyRequest>())) return true;
    throw notAdmin(this.registry);
  }
}

/**
 * Guards what a tenant may do to its own entries (`DELETE /cache/entries/<key>`): the admin, or any
 * API key, whose caller then limits the action to its namespace (the controller checks the entry).
 */
@Injectable()
export class AdminOrKeyGuard implements CanActivate {
  constructor(
    private readonly registry: ApiKeyRegistry,
    private readonly rateLimit: RateLimitService,
    private readonly access: AccessConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (admitAdmin(this.registry, request)) return true;
    if (this.registry.open) throw notAdmin(this.registry);
    const key = authenticate(this.registry, request, this.access.passthrough);
    await this.rateLimit.consume(key);
    setCaller(request, { name: key.name, namespace: key.namespace });
    return true;
  }
}
