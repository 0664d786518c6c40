import OpenAI from 'openai';
import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** Retries that do not multiply: /ask retries for its caller, the /v1 proxy leaves it to the client. */
describe('Upstream retries', () => {
  // The production retry count, which only /ask may use; the semantic layer embeds through the fake too.
  const { upstream, app } = useAppWithFakeUpstream({ LLM_MAX_RETRIES: '2' }, { listen: true });

  it("the official client's 3 attempts at a failing upstream cost 3 upstream calls and 1 embedding", async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${await app().getUrl()}/v1` }); // maxRetries: 2
    upstream.failNext('chat', 500, 100, { 'retry-after-ms': '1' });

    const failure = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Why is the upstream down?' }] })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(upstream.calls.chat).toBe(3);
    expect(upstream.calls.embeddings).toBe(1);
  });

  it('/v1 relays the retry hints of an upstream error to the client and does not retry it', async () => {
    upstream.failNext('chat', 429, 1, { 'retry-after': '7', 'x-should-retry': 'true' });

    const response = await request(app().getHttpServer())
      .post('/v1/chat/completions')
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Too many?' }] })
      .expect(429);

    expect(response.headers).toMatchObject({ 'retry-after': '7', 'x-should-retry': 'true' });
    expect(response.body.error).toMatchObject({ message: 'injected 429' });
    expect(upstream.calls.chat).toBe(1);
  });

  it('/ask does not retry an upstream error that says x-should-retry: false', async () => {
    upstream.failNext('chat', 500, 1, { 'x-should-retry': 'false', 'retry-after': '0' });

    const response = await ask(app(), { question: 'Should this be retried?' }).expect(502);

    expect(response.body).toMatchObject({ code: 'E_LLM_UPSTREAM', message: expect.stringMatching(/500/) });
    expect(upstream.calls.chat).toBe(1);
  });

  it('/ask retries a 429 that says retry-after: 0, and answers', async () => {
    upstream.failNext('chat', 429, 1, { 'retry-after': '0' });

    const response = await ask(app(), { question: 'Rate limited once?' }).expect(200);

    expect(response.body.source).toBe('llm');
    expect(upstream.calls.chat).toBe(2);
  });

  it('/ask gives up at once when retry-after asks for more time than the request has left', async () => {
    upstream.failNext('chat', 503, 1, { 'retry-after': '3600' });

    await ask(app(), { question: 'Come back in an hour?' }).expect(502);

    expect(upstream.calls.chat).toBe(1);
  });
});
