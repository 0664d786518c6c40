import request from 'supertest';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ask } from '../support/ask';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/**
 * A threshold of 0.999 puts every paraphrase of these tests below it, and a band of 0.5 puts them
 * in the uncertainty band: each one is served only if the verifier accepts it.
 */
const IN_THE_BAND = { EMBED_PROVIDER: 'lexical', EMBED_SIM_THRESHOLD: '0.999', SEMANTIC_UNCERTAINTY_BAND: '0.5' };

async function verifications(app: NestFastifyApplication) {
  const json = await request(app.getHttpServer()).get('/metrics/json').expect(200);
  return json.body.verifications as { accepted: number; rejected: number; error: number };
}

describe('Semantic verifier: llm', () => {
  const { upstream, app } = useAppWithFakeUpstream({
    ...IN_THE_BAND,
    SEMANTIC_VERIFIER: 'llm',
    VERIFY_MODEL: 'judge-mini',
    VERIFY_TIMEOUT_MS: '200',
    LLM_MAX_RETRIES: '0',
  });

  it('serves a candidate in the band when the upstream says yes, asking its own model in a few tokens', async () => {
    await ask(app(), { question: 'What is caching?' }).expect(200);

    const paraphrase = await ask(app(), { question: 'Please explain what caching is' }).expect(200);

    expect(paraphrase.headers['x-cache']).toBe('SEMANTIC_HIT');
    expect(paraphrase.headers['x-cache-verified']).toBe('true');
    expect(paraphrase.body.source).toBe('semantic_cache');
    expect(upstream.calls.chat).toBe(1);
    expect(upstream.verifier.requests).toEqual([
      expect.objectContaining({ model: 'judge-mini', max_tokens: expect.any(Number) as number }),
    ]);
    expect(upstream.verifier.requests[0].max_tokens).toBeLessThanOrEqual(5);
    expect(await verifications(app())).toEqual({ accepted: 1, rejected: 0, error: 0 });
  });

  it('answers from the LLM when the upstream says no', async () => {
    await ask(app(), { question: 'What is caching?' }).expect(200);

    const lookalike = await ask(app(), { question: 'What is not caching?' }).expect(200);

    expect(lookalike.headers['x-cache']).toBe('MISS');
    expect(lookalike.body.source).toBe('llm');
    expect(upstream.verifier.calls).toBe(1);
    expect(upstream.calls.chat).toBe(2);
    expect(await verifications(app())).toEqual({ accepted: 0, rejected: 1, error: 0 });
  });

  it('treats a verification past VERIFY_TIMEOUT_MS as a miss', async () => {
    await ask(app(), { question: 'What is caching?' }).expect(200);
    const release = upstream.verifier.hold();

    const paraphrase = await ask(app(), { question: 'Please explain what caching is' }).expect(200);
    release();

    expect(paraphrase.headers['x-cache']).toBe('MISS');
    expect(paraphrase.body.source).toBe('llm');
    expect(await verifications(app())).toEqual({ accepted: 0, rejected: 0, error: 1 });
  });

  it('treats an upstream error as a miss', async () => {
    await ask(app(), { question: 'How do I reset my password?' }).expect(200);
    upstream.verifier.failNext();

    const paraphrase = await ask(app(), { question: 'How can I reset my password?' }).expect(200);

    expect(paraphrase.headers['x-cache']).toBe('MISS');
    expect(await verifications(app())).toEqual({ accepted: 0, rejected: 0, error: 1 });
  });
});

describe('Semantic verifier: guard (the default)', () => {
  const { upstream, app } = useAppWithFakeUpstream(IN_THE_BAND);

  it('misses a look-alike with a different number, and one about a different place', async () => {
    await ask(app(), { question: 'what is 2+2' }).expect(200);
    await ask(app(), { question: '台北的人口是多少？' }).expect(200);

    const number = await ask(app(), { question: 'what is 2+3' }).expect(200);
    const place = await ask(app(), { question: '台中的人口是多少？' }).expect(200);

    expect([number.headers['x-cache'], place.headers['x-cache']]).toEqual(['MISS', 'MISS']);
    expect(upstream.calls.chat).toBe(4);
    expect(await verifications(app())).toEqual({ accepted: 0, rejected: 2, error: 0 });
  });

  it('serves a paraphrase in the band, verified, and counts it in Prometheus text', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);

    const paraphrase = await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.headers['x-cache']).toBe('SEMANTIC_HIT');
    expect(paraphrase.headers['x-cache-verified']).toBe('true');
    expect(upstream.verifier.calls).toBe(0);
    const text = (await request(app().getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toContain('llm_cache_semantic_verifications_total{verifier="guard",decision="accepted"} 1');
  });
});

describe('Semantic verifier: none', () => {
  const { app } = useAppWithFakeUpstream({ ...IN_THE_BAND, SEMANTIC_VERIFIER: 'none' });

  it('ignores the band: below the threshold is a miss', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);

    const paraphrase = await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.headers['x-cache']).toBe('MISS');
    expect(await verifications(app())).toEqual({ accepted: 0, rejected: 0, error: 0 });
  });
});
