import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

describe('POST /ask when the LLM fails', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => upstream.reset());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('answers 502 with E_LLM_UPSTREAM on an upstream 500, and caches nothing', async () => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl });
    upstream.failNext('chat', 500);

    const failed = await ask(app, { question: 'What is a cache?' }).expect(502);
    const retried = await ask(app, { question: 'What is a cache?' }).expect(200);

    expect(failed.body).toMatchObject({
      statusCode: 502,
      code: 'E_LLM_UPSTREAM',
      message: expect.stringMatching(/500/),
    });
    expect(retried.body.source).toBe('llm');
    expect(upstream.calls.chat).toBe(2);
  });

  it('retries a 429 through the openai client up to LLM_MAX_RETRIES', async () => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, LLM_MAX_RETRIES: '2' });
    upstream.failNext('chat', 429, 2);

    const response = await ask(app, { question: 'What is a cache?' }).expect(200);

    expect(response.body.source).toBe('llm');
    expect(upstream.calls.chat).toBe(3);
  });

  it('answers 504 with E_LLM_TIMEOUT when the upstream is slower than LLM_TIMEOUT_MS', async () => {
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, LLM_TIMEOUT_MS: '100' });
    upstream.delay('chat', 500);

    const response = await ask(app, { question: 'slow?' }).expect(504);

    expect(response.body).toMatchObject({ statusCode: 504, code: 'E_LLM_TIMEOUT' });
  });

  it('answers 503 naming the variable to set when no LLM is configured, yet still serves cache hits', async () => {
    app = await createTestApp({});
    const miss = await ask(app, { question: 'What is a cache?' }).expect(503);
    expect(miss.body).toMatchObject({ code: 'E_LLM_NOT_CONFIGURED', message: expect.stringMatching(/OPENAI_API_KEY/) });

    const ready = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(ready.body.error.llm).toMatchObject({ status: 'down', message: expect.stringMatching(/OPENAI_API_KEY/) });
  });
});
