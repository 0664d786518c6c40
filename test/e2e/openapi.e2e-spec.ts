import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';
import { register } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { EmbedCacheService } from '../../src/embed-cache/embed-cache.service';

/** A JSON document walked by key, as these tests read the OpenAPI one. */
interface Json {
  [key: string]: Json;
}

/** The forwarding catch-all, in Fastify's spelling. */
const WILDCARD = '/v1/*';
/** Fastify's `/cache/entries/:key` as OpenAPI's `/cache/entries/{key}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI at /docs', () => {
  let app: NestFastifyApplication;
  const served: { method: string; path: string }[] = [];

  beforeAll(async () => {
    register.clear();
    ({ app } = await createApp({ env: { EMBED_PROVIDER: 'lexical' }, logger: false }));
    // Nest adds the controllers' routes at init: collect every one Fastify registers.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) served.push({ method: method.toLowerCase(), path: route.url });
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await app.get(EmbedCacheService).whenLoaded();
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The served document, loosely typed: the tests walk into it. */
  const docs = async (): Promise<Json> =>
    (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as Json;

  it('lists /ask, /v1/chat/completions, /health/ready and /metrics/json', async () => {
    const { paths } = await docs();
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/ask', '/v1/chat/completions', '/health/ready', '/metrics/json']),
    );
    expect(paths['/ask'].post.requestBody.content['application/json'].schema.$ref).toMatch(/AskRequestDto/);
  });

  it('serves the documentation page at /docs', async () => {
    const page = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(page.text).toMatch(/swagger-ui/i);
  });

  it('describes every route the app serves, with its method', async () => {
    const { paths } = await docs();
    const own = served.filter(
      (route) => route.method !== 'head' && !route.path.startsWith('/docs') && route.path !== WILDCARD,
    );
    expect(own.length).toBeGreaterThan(10);
    const undescribed = own.filter((route) => !paths[openApiPath(route.path)]?.[route.method]);
    expect(undescribed).toEqual([]);
  });

  it('describes the /v1 forwarder as one path with a note, whatever methods it takes', async () => {
    const { paths } = await docs();
    expect(served.some((route) => route.path === WILDCARD)).toBe(true);
    expect(paths['/v1/{path}'].post.description).toMatch(/forwarded as it came/);
  });

  it('describes the cache control headers and the error shapes', async () => {
    const document = await docs();
    const ask = document.paths['/ask'].post;
    expect((ask.parameters as unknown as { name: string }[]).map((p) => p.name)).toEqual(
      expect.arrayContaining(['cache-control', 'x-cache-mode', 'x-cache-namespace', 'x-cache-ttl']),
    );
    expect(ask.responses['502'].content['application/json'].schema.$ref).toMatch(/ErrorResponseDto/);
    const chat = document.paths['/v1/chat/completions'].post;
    expect(chat.responses['400'].content['application/json'].schema.$ref).toMatch(/OpenAiErrorDto/);
    expect(document.components.schemas.ErrorResponseDto.properties).toHaveProperty('code');
  });

  it('leaves the JSON body parser and the /v1 catch-all route working', async () => {
    const http = request(app.getHttpServer());
    const poisoned = await http.post('/ask').set('content-type', 'application/json').send('{"__proto__":{"x":1}}');
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.message).toMatch(/__proto__/);
    const forwarded = await http.post('/v1/moderations').send({ input: 'hi' });
    expect(forwarded.body.error.code).toBe('E_LLM_NOT_CONFIGURED');
  });
});
