import { Provider, Type } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ApiKeyGuard } from '../../src/access/api-key.guard';

/**
 * A Fastify app holding only `controller` and the given providers, its API-key guard let through:
 * controller specs test the HTTP translation alone (access control has its own specs).
 */
export async function createControllerApp(
  controller: Type<unknown>,
  providers: Provider[],
): Promise<NestFastifyApplication> {
  const module = await Test.createTestingModule({ controllers: [controller], providers })
    .overrideGuard(ApiKeyGuard)
    .useValue({ canActivate: () => true })
    .compile();
  const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
