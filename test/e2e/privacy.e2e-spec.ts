import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { CapturingLogger, CapturingLogStream } from '../support/capturing-logger';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';

const API_KEY = 'sk-secret-marker';
const QUESTION = 'Which question-marker-7f3a must never be logged?';
const CHAT_QUESTION = 'And chat-question-marker-91c2?';
const ANSWER = 'answer-marker-c0de is the reply';

/** No question, answer or API key reaches the logs at info level or above, nor a metric label. */
describe('Privacy of logs and metrics', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer({ answer: () => ANSWER });
  const logs = new CapturingLogger();
  const requestLogs = new CapturingLogStream();
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const asUser = { authorization: `Bearer ${API_KEY}` };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(async () => {
    app = await createTestApp(
      {
        REDIS_URL: redis.url,
        OPENAI_BASE_URL: upstream.baseUrl,
        EMBED_PROVIDER: 'lexical',
        API_KEYS: `${API_KEY}:team-a`,
        CACHE_SECRET: 'privacy-e2e-secret-0123456789',
      },
      { logger: logs, logOutput: requestLogs },
    );
  });
  afterEach(async () => {
    await app.close();
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('keeps them out of the logs and /metrics through an /ask miss and hit and a chat miss', async () => {
    const miss = await http().post('/ask').set(asUser).send({ question: QUESTION }).expect(200);
    const hit = await http().post('/ask').set(asUser).send({ question: QUESTION }).expect(200);
    await http()
      .post('/v1/chat/completions')
      .set(asUser)
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: CHAT_QUESTION }] })
      .expect(200);
    const metrics = (await http().get('/metrics').expect(200)).text;
    const metricsJson = (await http().get('/metrics/json').expect(200)).text;

    expect([miss.body.source, hit.body.source, hit.body.answer]).toEqual(['llm', 'prompt_cache', ANSWER]);
    const logged = `${logs.infoOrAbove()}\n${requestLogs.infoOrAbove()}`;
    expect(logged).toContain('Store: Redis at');
    expect(logged).toContain('"url":"/v1/chat/completions"');
    expect(logged).toContain('Access: 1 API key(s)');
    for (const secret of [API_KEY, 'question-marker-7f3a', 'chat-question-marker-91c2', 'answer-marker-c0de']) {
      expect(logged).not.toContain(secret);
      expect(metrics).not.toContain(secret);
      expect(metricsJson).not.toContain(secret);
    }
  });
});
