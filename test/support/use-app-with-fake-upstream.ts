import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './create-test-app';
import { FakeOpenAiServer } from './fake-openai-server';

/**
 * Registers the hooks most e2e files need: one fake OpenAI upstream for the file, and a fresh
 * app pointed at it for each test (extra variables from `env`), closed after the test.
 */
export function useAppWithFakeUpstream(env: Record<string, string> = {}): { upstream: FakeOpenAiServer; app: () => NestFastifyApplication } {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(async () => {
    upstream.reset();
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, ...env });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  return {
    upstream,
    app: () => {
      if (!app) throw new Error('The app exists only inside a test');
      return app;
    },
  };
}
