import { NestFastifyApplication } from '@nestjs/platform-fastify';
import OpenAI from 'openai';
import { createTestApp } from './create-test-app';
import { FakeOpenAiServer } from './fake-openai-server';

export interface AppWithFakeUpstream {
  upstream: FakeOpenAiServer;
  app: () => NestFastifyApplication;
  /** The real `openai` client pointed at the app's /v1 (only with `listen: true`). */
  client: () => OpenAI;
}

/**
 * Registers the hooks most e2e files need: one fake OpenAI (and Anthropic) upstream for the file, and
 * a fresh app pointed at it for each test (extra variables from `env`), closed after the test; with
 * `perFile`, one app for the whole file instead. With `listen`, the app also listens on a free
 * loopback port for a real OpenAI client.
 */
export function useAppWithFakeUpstream(
  env: Record<string, string> = {},
  { listen = false, perFile = false } = {},
): AppWithFakeUpstream {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  let client: OpenAI | undefined;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  (perFile ? beforeAll : beforeEach)(async () => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, ANTHROPIC_BASE_URL: upstream.origin, ...env });
    if (listen) {
      await app.listen(0, '127.0.0.1');
      client = new OpenAI({ apiKey: 'sk-test', baseURL: `${await app.getUrl()}/v1`, maxRetries: 0 });
    }
  });
  (perFile ? afterAll : afterEach)(async () => {
    await app?.close();
    app = undefined;
    client = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  const present = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`${what} exists only inside a test${what === 'The client' ? ' of a listening app' : ''}`);
    return value;
  };
  return { upstream, app: () => present(app, 'The app'), client: () => present(client, 'The client') };
}
