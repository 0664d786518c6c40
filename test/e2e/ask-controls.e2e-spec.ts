import request from 'supertest';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

describe('POST /ask cache controls and x-cache headers', () => {
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' });
  const askWith = (body: object, headers: Record<string, string> = {}) =>
    request(app().getHttpServer()).post('/ask').set(headers).send(body);

  it('reports the layer in x-cache with the key, age and, for semantic hits, similarity and matched question', async () => {
    const miss = await ask(app(), { question: '什麼是快取？' }).expect(200);
    const hit = await ask(app(), { question: '什麼是快取？' }).expect(200);
    const semantic = await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    expect(miss.headers).toMatchObject({ 'x-cache': 'MISS', 'x-cache-key': miss.body.cacheKey });
    expect(hit.headers).toMatchObject({ 'x-cache': 'HIT', 'x-cache-key': miss.body.cacheKey, age: '0' });
    expect(semantic.headers['x-cache']).toBe('SEMANTIC_HIT');
    expect(Number(semantic.headers['x-cache-similarity'])).toBeCloseTo(semantic.body.similarity, 3);
    expect(decodeURIComponent(semantic.headers['x-cache-matched-question'])).toBe('什麼是快取?');
  });

  it('serves a semantic hit on a question holding a lone surrogate, naming it with U+FFFD', async () => {
    // JSON's "\ud800" escape makes a lone surrogate, which encodeURIComponent refuses.
    await ask(app(), { question: '\ud800 what is a cache' }).expect(200);
    const semantic = await ask(app(), { question: '\ud800 what is a cache?' }).expect(200);

    expect(semantic.headers['x-cache']).toBe('SEMANTIC_HIT');
    expect(decodeURIComponent(semantic.headers['x-cache-matched-question'])).toBe('\ufffd what is a cache');
  });

  it('no-store in the header or the body neither reads nor writes', async () => {
    await ask(app(), { question: 'q1' }).expect(200);
    const viaHeader = await askWith({ question: 'q1' }, { 'cache-control': 'no-store' }).expect(200);
    const viaBody = await askWith({ question: 'q2', cacheControl: 'no-store' }).expect(200);
    const after = await ask(app(), { question: 'q2' }).expect(200);
    expect([viaHeader.headers['x-cache'], viaBody.headers['x-cache'], after.headers['x-cache']]).toEqual([
      'BYPASS',
      'BYPASS',
      'MISS',
    ]);
    expect(upstream.calls.chat).toBe(4);
  });

  it('no-cache refreshes: asks the LLM and stores the new answer', async () => {
    await ask(app(), { question: 'q' }).expect(200);
    const refresh = await askWith({ question: 'q', cacheControl: 'no-cache' }).expect(200);
    expect(refresh.headers['x-cache']).toBe('REFRESH');
    expect((await ask(app(), { question: 'q' })).headers['x-cache']).toBe('HIT');
    expect(upstream.calls.chat).toBe(2);
  });

  it('cacheMode exact skips the semantic layer; a stricter threshold refuses a looser match', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    const exactOnly = await askWith({
      question: '請解釋快取是什麼',
      cacheMode: 'exact',
      cacheControl: 'no-store',
    }).expect(200);
    const strict = await askWith(
      { question: '請解釋快取是什麼', cacheControl: 'no-store' },
      { 'x-cache-threshold': '0.999' },
    ).expect(200);
    expect([exactOnly.body.source, strict.body.source]).toEqual(['llm', 'llm']);
  });

  it('answers 400 naming the control for a malformed one', async () => {
    const badHeader = await askWith({ question: 'q' }, { 'x-cache-mode': 'sometimes' }).expect(400);
    const badBody = await askWith({ question: 'q', cacheTtl: -1 }).expect(400);
    expect(badHeader.body.message).toMatch(/x-cache-mode/);
    expect(badBody.body.message).toMatch(/cacheTtl/);
  });
});
