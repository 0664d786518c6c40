import request from 'supertest';
import { ask } from '../support/ask';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('GET /metrics and /metrics/json', () => {
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' });
  const http = () => request(app().getHttpServer());

  it('counts lookups, answers, LLM calls and saved tokens in Prometheus text', async () => {
    const before = (await http().get('/metrics').expect(200)).text;
    expect(sample(before, 'llm_cache_lookups_total', 'layer="exact",result="miss"')).toBe(0);

    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    const response = await http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    const text = response.text;
    expect(sample(text, 'llm_cache_lookups_total', 'layer="exact",result="miss"')).toBe(2);
    expect(sample(text, 'llm_cache_lookups_total', 'layer="exact",result="hit"')).toBe(1);
    expect(sample(text, 'llm_cache_lookups_total', 'layer="semantic",result="hit"')).toBe(1);
    expect(sample(text, 'llm_cache_llm_calls_total', 'outcome="success"')).toBe(1);
    expect(sample(text, 'llm_cache_ask_duration_seconds_count', 'source="semantic_cache"')).toBe(1);
    expect(sample(text, 'llm_cache_entries', 'layer="exact"')).toBe(1);
    expect(sample(text, 'llm_cache_entries', 'layer="semantic"')).toBe(1);
    const answerTokens = fakeAnswer('什麼是快取?').length;
    expect(sample(text, 'llm_cache_tokens_saved_total', 'layer="exact"')).toBe(answerTokens);
    expect(sample(text, 'llm_cache_http_requests_total', 'method="POST",route="/ask",status="200"')).toBe(3);
    expect(text).not.toMatch(/快取/);
  });

  it('counts LLM errors and failed requests', async () => {
    upstream.failNext('chat', 500);
    await ask(app(), { question: 'boom' }).expect(502);
    await ask(app(), {}).expect(400);
    const text = (await http().get('/metrics')).text;
    expect(sample(text, 'llm_cache_llm_calls_total', 'outcome="error"')).toBe(1);
    expect(sample(text, 'llm_cache_http_requests_total', 'method="POST",route="/ask",status="502"')).toBe(1);
    expect(sample(text, 'llm_cache_http_requests_total', 'method="POST",route="/ask",status="400"')).toBe(1);
  });

  it('summarises the same figures as JSON with hit rates and latency percentiles', async () => {
    const empty = (await http().get('/metrics/json').expect(200)).body;
    expect(empty).toMatchObject({ asks: { total: 0 }, overallHitRate: null, llm: { calls: 0, callsAvoided: 0 } });

    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '請解釋快取是什麼' }).expect(200);
    await ask(app(), { question: '今天天氣如何？' }).expect(200);

    const json = (await http().get('/metrics/json').expect(200)).body;
    expect(json).toMatchObject({
      asks: { total: 4, bySource: { prompt_cache: 1, semantic_cache: 1, llm: 2 } },
      lookups: { exact: { hits: 1, misses: 3, hitRate: 0.25 }, semantic: { hits: 1, misses: 2, hitRate: 0.3333 } },
      overallHitRate: 0.5,
      llm: { calls: 2, errors: 0, callsAvoided: 2 },
      entries: { exact: 2, semantic: 2, embeddings: 0 },
      storeErrors: 0,
    });
    expect(json.tokensSaved).toBeGreaterThan(0);
    expect(json.latencyMs.ask.count).toBe(4);
    expect(json.latencyMs.ask.p50).toBeGreaterThan(0);
    expect(json.latencyMs.ask.p99).toBeGreaterThanOrEqual(json.latencyMs.ask.p50);
    expect(json.latencyMs.llm.count).toBe(2);
    expect(json.latencyMs.exact.count).toBe(4);
  });

  it('keeps the deprecated prompt and embedding keys as aliases with the same values', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    await ask(app(), { question: '什麼是快取？' }).expect(200);

    const json = (await http().get('/metrics/json').expect(200)).body;
    expect(json.lookups.exact).toEqual({ hits: 1, misses: 1, hitRate: 0.5 });
    expect(json.lookups.prompt).toEqual(json.lookups.exact);
    expect(json.lookups.embedding).toEqual(json.lookups.embedderCache);
    expect(json.latencyMs.prompt).toEqual(json.latencyMs.exact);
    expect(json.entries.prompt).toBe(json.entries.exact);
  });

  it('counts cached /v1/embeddings answers under the layer embeddings, not exact', async () => {
    const embed = () =>
      http().post('/v1/embeddings').send({ model: 'text-embedding-3-small', input: 'hello' }).expect(200);
    expect((await embed()).headers['x-cache']).toBe('MISS');
    expect((await embed()).headers['x-cache']).toBe('HIT');

    const text = (await http().get('/metrics').expect(200)).text;
    expect(sample(text, 'llm_cache_lookups_total', 'layer="embeddings",result="miss"')).toBe(1);
    expect(sample(text, 'llm_cache_lookups_total', 'layer="embeddings",result="hit"')).toBe(1);
    expect(sample(text, 'llm_cache_lookups_total', 'layer="exact",result="miss"')).toBe(0);
    expect(sample(text, 'llm_cache_lookups_total', 'layer="exact",result="hit"')).toBe(0);
    expect(sample(text, 'llm_cache_entries', 'layer="embeddings"')).toBe(1);
    expect(sample(text, 'llm_cache_entries', 'layer="exact"')).toBe(0);
    const json = (await http().get('/metrics/json').expect(200)).body;
    expect(json).toMatchObject({
      lookups: { embeddings: { hits: 1, misses: 1 }, exact: { hits: 0, misses: 0 } },
      entries: { embeddings: 1, exact: 0 },
    });
  });

  it('times proxy answers in their own histogram, not in the /ask one, and counts them as answers', async () => {
    const chat = () =>
      http()
        .post('/v1/chat/completions')
        .send({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is a cache?' }] })
        .expect(200);
    const embed = () =>
      http().post('/v1/embeddings').send({ model: 'text-embedding-3-small', input: 'hello' }).expect(200);
    await chat();
    await chat();
    await embed();
    await embed();
    await ask(app(), { question: '什麼是快取？' }).expect(200);

    const text = (await http().get('/metrics').expect(200)).text;
    expect(sample(text, 'llm_cache_ask_duration_seconds_count', 'source="llm"')).toBe(1);
    expect(sample(text, 'llm_cache_ask_duration_seconds_count', 'source="prompt_cache"')).toBe(0);
    expect(sample(text, 'llm_cache_proxy_duration_seconds_count', 'route="chat",source="prompt_cache"')).toBe(1);
    expect(sample(text, 'llm_cache_proxy_duration_seconds_count', 'route="embeddings",source="llm"')).toBe(1);
    expect(sample(text, 'llm_cache_answers_total', 'route="ask",source="llm"')).toBe(1);
    expect(sample(text, 'llm_cache_answers_total', 'route="chat",source="prompt_cache"')).toBe(1);
    expect(sample(text, 'llm_cache_answers_total', 'route="embeddings",source="prompt_cache"')).toBe(1);
    const json = (await http().get('/metrics/json').expect(200)).body;
    expect(json).toMatchObject({
      asks: { total: 1, bySource: { llm: 1, prompt_cache: 0 } },
      proxy: { total: 4, byRoute: { chat: 2, embeddings: 2 }, bySource: { prompt_cache: 2, llm: 2 } },
      llm: { callsAvoided: 2 },
      overallHitRate: 0.4,
    });
    expect(json.latencyMs.ask.count).toBe(1);
    expect(json.latencyMs.proxy.count).toBe(4);
  });
});
