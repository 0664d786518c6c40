import { AnswerCacheService } from '../../src/answer-cache/answer-cache.service';
import { fakeAnswer } from '../support/fake-openai-server';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';
import { waitUntil } from '../support/wait-until';

/** Concurrent identical misses in one process share one upstream call (memory store). */
describe('Single flight in one process', () => {
  // The offline lexical embedder: the paraphrase case needs real similarity, and no embedding calls muddle the counts.
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'lexical' }, { listen: true });
  const question = 'What is request coalescing?';
  const chatBody = (extra: Record<string, unknown> = {}) => ({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    ...extra,
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${await app().getUrl()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, cache: response.headers.get('x-cache'), text: await response.text() };
  };
  const followersWaiting = () => app().get(AnswerCacheService).followersWaiting;
  const contentOfStream = (text: string) =>
    text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map(
        (event) =>
          (JSON.parse(event.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ??
          '',
      )
      .join('');
  const countOf = (values: (string | null)[]) =>
    values.reduce<Record<string, number>>(
      (counts, v) => ({ ...counts, [String(v)]: (counts[String(v)] ?? 0) + 1 }),
      {},
    );

  it('answers 50 identical JSON chat completions with 1 upstream call', async () => {
    const release = upstream.hold('chat');
    const responses = Promise.all(Array.from({ length: 50 }, () => post('/v1/chat/completions', chatBody())));
    await waitUntil(
      () => upstream.calls.chat === 1 && followersWaiting() === 49,
      'one call is in flight and 49 callers wait for it',
    );
    release();
    const all = await responses;

    expect(upstream.calls.chat).toBe(1);
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(countOf(all.map((r) => r.cache))).toEqual({ MISS: 1, COALESCED: 49 });
    const metrics = await (await fetch(`${await app().getUrl()}/metrics/json`)).json();
    expect(metrics).toMatchObject({
      asks: { total: 0 },
      proxy: { byRoute: { chat: 50 }, bySource: { coalesced: 49, llm: 1 } },
      llm: { callsAvoided: 49 },
    });
    expect(
      new Set(
        all.map(
          (r) => (JSON.parse(r.text) as { choices: { message: { content: string } }[] }).choices[0].message.content,
        ),
      ),
    ).toEqual(new Set([fakeAnswer(question)]));
  });

  it('tees one streamed answer live to 20 streamed callers, each getting the whole stream', async () => {
    const release = upstream.hold('chat');
    upstream.paceStream(5);
    const responses = Promise.all(
      Array.from({ length: 20 }, () => post('/v1/chat/completions', chatBody({ stream: true }))),
    );
    await waitUntil(
      () => upstream.calls.chat === 1 && followersWaiting() === 19,
      'one call is in flight and 19 callers wait for it',
    );
    release();
    const all = await responses;

    expect(upstream.calls.chat).toBe(1);
    expect(countOf(all.map((r) => r.cache))).toEqual({ MISS: 1, COALESCED: 19 });
    for (const response of all) {
      expect(response.text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(contentOfStream(response.text)).toBe(fakeAnswer(question));
    }
  });

  it('gives a JSON caller the answer of a streamed call in flight', async () => {
    const release = upstream.hold('chat');
    const streamed = post('/v1/chat/completions', chatBody({ stream: true }));
    await upstream.whenCalled('chat');
    const json = post('/v1/chat/completions', chatBody());
    await waitUntil(() => followersWaiting() === 1, 'the JSON caller waits');
    release();
    const [stream, whole] = await Promise.all([streamed, json]);

    expect(upstream.calls.chat).toBe(1);
    expect([stream.cache, whole.cache]).toEqual(['MISS', 'COALESCED']);
    expect((JSON.parse(whole.text) as { choices: { message: { content: string } }[] }).choices[0].message.content).toBe(
      contentOfStream(stream.text),
    );
  });

  it('keeps the call going for the followers when the caller that started it leaves', async () => {
    const release = upstream.hold('chat');
    upstream.paceStream(30);
    const abandon = new AbortController();
    const url = `${await app().getUrl()}/v1/chat/completions`;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody({ stream: true })),
    };
    const leader = fetch(url, { ...init, signal: abandon.signal });
    await upstream.whenCalled('chat');
    const follower = post('/v1/chat/completions', chatBody({ stream: true }));
    await waitUntil(() => followersWaiting() === 1, 'the second caller waits');
    release();
    const firstChunk = await (await leader).body!.getReader().read();
    abandon.abort();
    const followed = await follower;

    expect(firstChunk.done).toBe(false);
    expect(followed.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(contentOfStream(followed.text)).toBe(fakeAnswer(question));
    expect((await post('/v1/chat/completions', chatBody())).cache).toBe('HIT');
    expect(upstream.calls.chat).toBe(1);
  });

  it('shares an upstream error instead of calling a failing upstream once per caller', async () => {
    const release = upstream.hold('chat');
    upstream.failNext('chat', 500);
    const responses = Promise.all(Array.from({ length: 10 }, () => post('/v1/chat/completions', chatBody())));
    await waitUntil(
      () => upstream.calls.chat === 1 && followersWaiting() === 9,
      'one call is in flight and 9 callers wait for it',
    );
    release();
    const all = await responses;

    expect(upstream.calls.chat).toBe(1);
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(500));
  });

  it.each([
    ['temperature 1.0', chatBody({ temperature: 1 }), {}],
    ['x-cache-coalesce: off', chatBody(), { 'x-cache-coalesce': 'off' }],
  ])('never merges requests whose answers are meant to differ (%s)', async (_case, body, headers) => {
    const release = upstream.hold('chat');
    const responses = Promise.all(Array.from({ length: 5 }, () => post('/v1/chat/completions', body, headers)));
    await waitUntil(() => upstream.calls.chat === 5, 'each of the 5 requests calls the upstream');
    release();
    const all = await responses;

    expect(all.every((r) => r.status === 200 && r.cache === 'MISS')).toBe(true);
    expect(followersWaiting()).toBe(0);
  });

  it('answers 30 identical /ask misses with 1 upstream call, reporting the followers as coalesced', async () => {
    const release = upstream.hold('chat');
    const responses = Promise.all(Array.from({ length: 30 }, () => post('/ask', { question })));
    await waitUntil(
      () => upstream.calls.chat === 1 && followersWaiting() === 29,
      'one call is in flight and 29 callers wait for it',
    );
    release();
    const all = (await responses).map((r) => JSON.parse(r.text) as { source: string; answer: string });

    expect(upstream.calls.chat).toBe(1);
    expect(countOf(all.map((r) => r.source))).toEqual({ llm: 1, coalesced: 29 });
    expect(new Set(all.map((r) => r.answer))).toEqual(new Set([fakeAnswer(question)]));
    const metrics = await (await fetch(`${await app().getUrl()}/metrics/json`)).json();
    expect(metrics).toMatchObject({ asks: { bySource: { coalesced: 29, llm: 1 } }, llm: { callsAvoided: 29 } });
  });

  it('lets a paraphrase wait for the answer of a question in flight above the threshold', async () => {
    const release = upstream.hold('chat');
    const original = post('/ask', { question: '什麼是快取？' });
    await upstream.whenCalled('chat');
    const paraphrase = post('/ask', { question: '請解釋快取是什麼' });
    await waitUntil(() => followersWaiting() === 1, 'the paraphrase waits');
    release();
    const [first, second] = (await Promise.all([original, paraphrase])).map(
      (r) => JSON.parse(r.text) as Record<string, unknown>,
    );

    expect(upstream.calls.chat).toBe(1);
    expect(first.source).toBe('llm');
    expect(second).toMatchObject({ source: 'coalesced', answer: first.answer, matchedQuestion: '什麼是快取?' });
    expect(second.similarity).toBeGreaterThanOrEqual(0.9);
  });

  it('does not make an unrelated question wait', async () => {
    const release = upstream.hold('chat');
    const first = post('/ask', { question: 'What is a cache?' });
    const second = post('/ask', { question: 'How tall is Mount Everest?' });
    await waitUntil(() => upstream.calls.chat === 2, 'both questions reach the upstream');
    release();
    const sources = (await Promise.all([first, second])).map((r) => (JSON.parse(r.text) as { source: string }).source);

    expect(sources).toEqual(['llm', 'llm']);
  });

  it('answers 400 for an x-cache-coalesce that is neither on nor off, on /ask and on /v1', async () => {
    const ask = await post('/ask', { question }, { 'x-cache-coalesce': 'sometimes' });
    const chat = await post('/v1/chat/completions', chatBody(), { 'x-cache-coalesce': 'sometimes' });

    expect([ask.status, chat.status]).toEqual([400, 400]);
    expect(JSON.parse(ask.text)).toMatchObject({
      code: 'E_INVALID_REQUEST',
      message: expect.stringMatching(/x-cache-coalesce/),
    });
    expect(JSON.parse(chat.text)).toMatchObject({ error: { message: expect.stringMatching(/x-cache-coalesce/) } });
    expect(upstream.calls.chat).toBe(0);
  });
});
