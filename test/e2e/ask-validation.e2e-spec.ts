import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';

describe('POST /ask bad input', () => {
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await upstream.start();
    app = await createTestApp({
      OPENAI_BASE_URL: upstream.baseUrl,
      MAX_QUESTION_CHARS: '20',
      BODY_LIMIT_BYTES: '2048',
    });
  });
  afterAll(async () => {
    await app.close();
    await upstream.stop();
  });
  beforeEach(() => upstream.reset());

  it.each([
    ['a missing question', {}, /question/],
    ['an empty question', { question: '' }, /question should not be empty/],
    ['a blank question', { question: '  \n ' }, /question must contain a non-whitespace character/],
    ['a non-string question', { question: 42 }, /question must be a string/],
    ['an unknown field', { question: 'hi', temperature: 1 }, /property temperature should not exist/],
    ['a namespace with a colon', { question: 'hi', namespace: 'a:b' }, /namespace must be/],
    ['an empty model', { question: 'hi', model: '' }, /model must be longer than or equal to 1/],
    ['a JSON array', ['hi'], /request body must be a JSON object/],
  ])('answers 400 naming the field for %s', async (_case, body, message) => {
    const response = await ask(app, body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'E_INVALID_REQUEST' });
    expect(response.body.message).toMatch(message);
    expect(upstream.calls.chat).toBe(0);
  });

  it('answers 400 naming MAX_QUESTION_CHARS for a question over the limit', async () => {
    const response = await ask(app, { question: 'x'.repeat(21) }).expect(400);
    expect(response.body.message).toMatch(/question must be at most 20 characters \(MAX_QUESTION_CHARS\)/);
  });

  it('measures the limit after normalisation, so padding does not count', async () => {
    await ask(app, { question: `   ${'x'.repeat(20)}   ` }).expect(200);
  });

  it('answers 400 for invalid JSON', async () => {
    const response = await request(app.getHttpServer())
      .post('/ask')
      .set('content-type', 'application/json')
      .send('{"question": ')
      .expect(400);
    expect(response.body).toMatchObject({ code: 'E_INVALID_REQUEST', message: expect.stringMatching(/JSON/) });
  });

  it('answers 413 for a body over BODY_LIMIT_BYTES', async () => {
    const response = await ask(app, { question: 'x'.repeat(4096) }).expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'E_PAYLOAD_TOO_LARGE' });
  });

  it('answers 404 in the same error shape for an unknown route', async () => {
    const response = await request(app.getHttpServer()).get('/nope').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'E_NOT_FOUND' });
  });
});
