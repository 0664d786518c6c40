import { ask } from '../support/ask';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

describe('POST /ask (embedded store, offline lexical embedder)', () => {
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' });

  it('answers a new question from the LLM, then the repeat from the prompt cache with no upstream call', async () => {
    const first = await ask(app(), { question: 'What is a cache?' }).expect(200);
    expect(first.body).toMatchObject({
      answer: fakeAnswer('What is a cache?'),
      source: 'llm',
      namespace: 'default',
      model: 'gpt-4o-mini',
    });
    expect(first.body.cacheKey).toMatch(/^prompt_cache:default:[0-9a-f]{64}$/);
    expect(upstream.calls.chat).toBe(1);

    const repeat = await ask(app(), { question: 'What is a cache?' }).expect(200);
    expect(repeat.body).toMatchObject({
      answer: first.body.answer,
      source: 'prompt_cache',
      cacheKey: first.body.cacheKey,
    });
    expect(typeof repeat.body.latencyMs).toBe('number');
    expect(upstream.calls.chat).toBe(1);
  });

  it("serves the original demo's Chinese paraphrase from the semantic cache", async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);

    const paraphrase = await ask(app(), { question: '請解釋快取是什麼' }).expect(200);

    expect(paraphrase.body).toMatchObject({
      source: 'semantic_cache',
      answer: fakeAnswer('什麼是快取?'),
      matchedQuestion: '什麼是快取?',
    });
    expect(paraphrase.body.similarity).toBeGreaterThanOrEqual(0.9);
    expect(paraphrase.body.cacheKey).toMatch(/^embed_cache:default:[0-9a-f]{32}$/);
    expect(upstream.calls.chat).toBe(1);
  });

  it('asks the LLM for an unrelated question', async () => {
    await ask(app(), { question: '什麼是快取？' }).expect(200);
    const unrelated = await ask(app(), { question: '今天天氣如何？' }).expect(200);
    expect(unrelated.body.source).toBe('llm');
    expect(upstream.calls.chat).toBe(2);
  });

  it('matches exactly despite extra whitespace and full-width punctuation, but not a different case', async () => {
    await ask(app(), { question: 'What is Redis?' }).expect(200);
    expect((await ask(app(), { question: '  What   is\tRedis？ ' })).body.source).toBe('prompt_cache');
    expect((await ask(app(), { question: 'WHAT IS REDIS?' })).body.source).not.toBe('prompt_cache');
  });

  it('asks the LLM again for look-alikes that differ in a number, a symbol or a direction', async () => {
    const questions = [
      'What is 10⁶?',
      'What is 106?',
      'Is 5 greater than 3?',
      'Is 3 greater than 5?',
      'How to convert Celsius to Fahrenheit',
      'How to convert Fahrenheit to Celsius',
    ];

    const sources: string[] = [];
    for (const question of questions) sources.push((await ask(app(), { question }).expect(200)).body.source);

    expect(sources).toEqual(questions.map(() => 'llm'));
    expect(upstream.calls.chat).toBe(questions.length);
  });

  it('never shares an answer across models or namespaces', async () => {
    await ask(app(), { question: 'What is a cache?' }).expect(200);
    const otherModel = await ask(app(), { question: 'What is a cache?', model: 'gpt-4o' }).expect(200);
    const otherNamespace = await ask(app(), { question: 'What is a cache?', namespace: 'tenant-b' }).expect(200);
    expect([otherModel.body.source, otherNamespace.body.source]).toEqual(['llm', 'llm']);
    expect(upstream.requests.map((r) => r.body.model)).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini']);
  });

  it('sends the normalised question as the single user message', async () => {
    await ask(app(), { question: '  Hello\n\nworld ' }).expect(200);
    expect(upstream.requests[0].body.messages).toEqual([{ role: 'user', content: 'Hello world' }]);
  });
});
