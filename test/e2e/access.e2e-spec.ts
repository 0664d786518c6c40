import OpenAI, { AuthenticationError } from 'openai';
import request from 'supertest';
import { createTestApp } from '../support/create-test-app';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const CACHE_SECRET = 'e2e-cache-secret-0123456789';
const ADMIN_KEY = 'e2e-admin-key-0123456789';
const KEYS = { API_KEYS: 'ka:team-a,kb:team-b', CACHE_SECRET, EMBED_PROVIDER: 'lexical' };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('Access control with API keys', () => {
  const { app, client } = useAppWithFakeUpstream({ ...KEYS, ADMIN_KEY }, { listen: true });
  const http = () => request(app().getHttpServer());
  const askAs = (key: string | undefined, body: object, headers: Record<string, string> = {}) =>
    http()
      .post('/ask')
      .set({ ...(key === undefined ? {} : bearer(key)), ...headers })
      .send(body);

  it('answers 401 to /ask without a key and with an unknown one', async () => {
    const missing = await askAs(undefined, { question: 'Hi?' }).expect(401);
    const wrong = await askAs('kz', { question: 'Hi?' }).expect(401);

    expect(missing.body).toMatchObject({ statusCode: 401, code: 'E_UNAUTHORIZED' });
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'E_UNAUTHORIZED', message: 'Unknown API key' });
    expect(missing.headers['www-authenticate']).toBe('Bearer');
  });

  it("answers from the key's own namespace, and accepts x-api-key", async () => {
    const viaBearer = await askAs('ka', { question: 'Hi?' }).expect(200);
    const viaHeader = await http().post('/ask').set('x-api-key', 'ka').send({ question: 'Hi?' }).expect(200);

    expect(viaBearer.body).toMatchObject({ namespace: 'team-a', source: 'llm' });
    expect(viaHeader.body).toMatchObject({ namespace: 'team-a', source: 'prompt_cache' });
  });

  it("forbids another key's namespace, by header or body, and allows a sub-namespace", async () => {
    const byHeader = await askAs('ka', { question: 'Hi?' }, { 'x-cache-namespace': 'team-b' }).expect(403);
    await askAs('ka', { question: 'Hi?', namespace: 'team-b' }).expect(403);
    await askAs('ka', { question: 'Hi?', namespace: 'team-ab' }).expect(403);
    const sub = await askAs('ka', { question: 'Hi?' }, { 'x-cache-namespace': 'team-a/sub' }).expect(200);

    expect(byHeader.body).toMatchObject({ statusCode: 403, code: 'E_FORBIDDEN' });
    expect(sub.body).toMatchObject({ namespace: 'team-a/sub' });
  });

  it("answers 401 on /v1 in OpenAI's shape, which the openai client raises as AuthenticationError", async () => {
    const raw = await http()
      .post('/v1/chat/completions')
      .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi?' }] })
      .expect(401);
    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: client().baseURL, maxRetries: 0 });
    const tenant = new OpenAI({ apiKey: 'ka', baseURL: client().baseURL, maxRetries: 0 });

    expect(raw.body).toEqual({
      error: {
        message: expect.any(String) as string,
        type: 'invalid_request_error',
        param: null,
        code: 'E_UNAUTHORIZED',
      },
    });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(
      stranger.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi?' }] }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const answer = await tenant.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi?' }] })
      .withResponse();
    expect(answer.response.headers.get('x-cache-key')).toMatch(/^prompt_cache:team-a:/);
  });

  it("answers 403 in OpenAI's shape on /v1 for another namespace", async () => {
    const response = await http()
      .post('/v1/embeddings')
      .set({ ...bearer('kb'), 'x-cache-namespace': 'team-a' })
      .send({ model: 'text-embedding-3-small', input: 'x' })
      .expect(403);

    expect(response.body).toMatchObject({ error: { code: 'E_FORBIDDEN' } });
  });

  it('keeps /health and /metrics open to probes and scrapers', async () => {
    await http().get('/health/live').expect(200);
    await http().get('/metrics').expect(200);
  });

  it('clears the cache only with ADMIN_KEY', async () => {
    await http().delete('/cache').expect(403);
    await http().delete('/cache/prompt').set(bearer('ka')).expect(403);
    const cleared = await http().delete('/cache').set(bearer(ADMIN_KEY)).expect(200);

    expect(cleared.body).toMatchObject({ namespace: null });
  });

  it("lets a key delete its own entry, and answers 404 for another namespace's, which survives", async () => {
    // Arrange
    const { body } = await askAs('ka', { question: 'Whose entry?' }).expect(200);
    const entry = encodeURIComponent(body.cacheKey as string);

    // Act
    const foreign = await http().delete(`/cache/entries/${entry}`).set(bearer('kb')).expect(404);
    const stillThere = await askAs('ka', { question: 'Whose entry?' }, { 'x-cache-mode': 'exact' }).expect(200);
    await http().delete(`/cache/entries/${entry}`).set(bearer('ka')).expect(200);
    await http().delete(`/cache/entries/${entry}`).set(bearer('ka')).expect(404);
    await http().delete(`/cache/entries/${entry}`).expect(401);

    // Assert
    expect(foreign.body).toMatchObject({ code: 'E_NOT_FOUND', message: `No cache entry ${body.cacheKey}` });
    expect(stillThere.body).toMatchObject({ source: 'prompt_cache' });
  });
});

describe('Access control without ADMIN_KEY', () => {
  const { app } = useAppWithFakeUpstream(KEYS);

  it('answers 403 to every clearing endpoint, even on loopback, once keys are configured', async () => {
    for (const path of ['/cache', '/cache/prompt', '/cache/semantic', '/cache/embeddings'])
      await request(app().getHttpServer()).delete(path).set(bearer('ka')).expect(403);
  });
});

describe('Access control at start-up', () => {
  it('fails naming CACHE_SECRET when keys are configured without it', async () => {
    await expect(createTestApp({ API_KEYS: 'ka:team-a' })).rejects.toThrow(/CACHE_SECRET/);
  });

  it('fails naming API_KEYS for an entry it cannot read, without quoting the key', async () => {
    const failure = createTestApp({ API_KEYS: 'sk-secret:bad namespace', CACHE_SECRET });
    await expect(failure).rejects.toThrow(/API_KEYS\.1/);
    await expect(failure).rejects.not.toThrow(/sk-secret/);
  });
});
