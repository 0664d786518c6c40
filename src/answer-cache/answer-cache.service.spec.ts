import { parseCacheControls } from '../common/cache-controls';
import { Deadline } from '../common/deadline';
import { RequestTimeoutError } from '../common/errors/request-timeout.error';
import { CachedAnswer } from '../common/cached-answer';
import { WholeBodyReader } from '../common/whole-body-reader';
import { CacheConfig } from '../config/cache.config';
import { Environment } from '../config/environment';
import { ResilienceConfig } from '../config/resilience.config';
import { MemoryCacheStore } from '../cache-store/adapters/memory-cache-store';
import { EmbedCacheService } from '../embed-cache/embed-cache.service';
import { chatCompletionAnswer } from '../llm/chat-completion-answer';
import { MetricsService } from '../metrics/metrics.service';
import { PromptCacheService } from '../prompt-cache/prompt-cache.service';
import { BackgroundWork } from '../shutdown/background-work';
import { AnswerQuery, Producer, Resolution } from './answer-query';
import { AnswerCacheService } from './answer-cache.service';
import { LocalFlightLock } from './single-flight/adapters/local-flight-lock';
import { SingleFlight } from './single-flight/single-flight.service';

const metrics = {
  recordLookup: () => undefined,
  recordStoreError: () => undefined,
  registerEntryCounter: () => undefined,
  recordWriteSkipped: () => undefined,
} as unknown as MetricsService;

/** A semantic layer that matches only the questions it was told to, so the rules of resolve() are tested alone. */
class FakeEmbedCache {
  readonly threshold = 0.9;
  readonly saved: string[] = [];
  settingsOf() {
    return { threshold: this.threshold, band: 0 };
  }
  verifiesEveryHit = false;
  semanticHit?: { entry: CachedAnswer & { id: string }; similarity: number };

  lookup() {
    return Promise.resolve({ vector: Float32Array.of(1, 0), hit: this.semanticHit });
  }
  save(_namespace: string, answer: CachedAnswer) {
    this.saved.push(answer.question);
    return Promise.resolve();
  }
  vectorOf() {
    return Promise.resolve(Float32Array.of(1, 0));
  }
  partitionOf(model: string, context: string) {
    return `${model}/${context}`;
  }
}

/** An upstream that answers a chat completion (optionally only once `open` is called), counting its calls. */
function fakeUpstream(
  content: unknown = 'Fresh answer',
  { fail, finishReason = 'stop' }: { fail?: Error; finishReason?: string } = {},
) {
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const upstream = {
    calls: 0,
    deadlines: [] as (Deadline | undefined)[],
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    producer: (): Producer => ({
      call: async (_signal, deadline) => {
        upstream.calls++;
        upstream.deadlines.push(deadline);
        await gate;
        if (fail) throw fail;
        const message = typeof content === 'string' ? { content } : content;
        const body = Buffer.from(
          JSON.stringify({
            choices: [{ message, finish_reason: finishReason }],
            usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
          }),
        );
        return {
          headers: { 'x-request-id': 'req_1' },
          body: (async function* () {
            yield body;
          })(),
        };
      },
      reader: () => new WholeBodyReader(chatCompletionAnswer),
    }),
  };
  return upstream;
}

describe(AnswerCacheService.name, () => {
  let sut: AnswerCacheService;
  let promptCache: PromptCacheService;
  let embedCache: FakeEmbedCache;
  const env = new Environment();

  const query = (headers: Record<string, string> = {}, overrides: Partial<AnswerQuery> = {}): AnswerQuery => ({
    namespace: 'ns',
    model: 'm',
    key: 'prompt_cache:ns:k1',
    question: 'what is a cache?',
    context: '',
    cacheable: true,
    semanticAllowed: true,
    coalescable: true,
    stream: false,
    controls: parseCacheControls(headers),
    ...overrides,
  });
  const answerOf = async (resolution: Resolution) =>
    resolution.kind === 'replay' ? resolution.answer.answer : (await resolution.answer)?.answer;
  const settled = async (resolution: Resolution) => {
    if (resolution.kind === 'relay') for await (const _chunk of resolution.body); // the caller reads the body: the store follows its end
    await new Promise((resolve) => setImmediate(resolve));
  };

  beforeEach(() => {
    promptCache = new PromptCacheService(new MemoryCacheStore(100), new CacheConfig(env), metrics);
    embedCache = new FakeEmbedCache();
    sut = new AnswerCacheService(
      promptCache,
      embedCache as unknown as EmbedCacheService,
      new SingleFlight(new LocalFlightLock()),
      new ResilienceConfig(env),
      new CacheConfig(env),
      metrics,
      new BackgroundWork(),
    );
  });

  it('calls the upstream on a miss, stores the answer in both layers, and serves the repeat as an exact hit', async () => {
    const upstream = fakeUpstream();
    const miss = await sut.resolve(query(), upstream.producer());
    await settled(miss);
    const hit = await sut.resolve(query(), upstream.producer());

    expect([miss.status, hit.status]).toEqual(['MISS', 'HIT']);
    expect(await answerOf(hit)).toBe('Fresh answer');
    expect(embedCache.saved).toEqual(['what is a cache?']);
    expect(upstream.calls).toBe(1);
  });

  it('serves a semantic hit with its similarity and key, unless the mode is exact', async () => {
    embedCache.semanticHit = {
      entry: { id: 'e1', answer: 'Cached', question: 'what is caching?', model: 'm', createdAt: Date.now(), tokens: 0 },
      similarity: 0.93,
    };
    const upstream = fakeUpstream();

    const semantic = await sut.resolve(query(), upstream.producer());
    const exactOnly = await sut.resolve(
      query({ 'x-cache-mode': 'exact' }, { key: 'prompt_cache:ns:k2' }),
      upstream.producer(),
    );

    expect(semantic).toMatchObject({
      kind: 'replay',
      status: 'SEMANTIC_HIT',
      key: 'embed_cache:ns:e1',
      similarity: 0.93,
    });
    expect(exactOnly.status).toBe('MISS');
  });

  it('does not serve an entry older than max-age', async () => {
    await promptCache.save('prompt_cache:ns:k1', {
      answer: 'Old',
      question: 'what is a cache?',
      model: 'm',
      createdAt: Date.now() - 120_000,
      tokens: 0,
    });
    const upstream = fakeUpstream();

    const fresh = await sut.resolve(query({ 'cache-control': 'max-age=60' }), upstream.producer());
    const anyAge = await sut.resolve(query(), upstream.producer());

    expect(fresh.status).toBe('MISS');
    expect(await answerOf(anyAge)).toBe('Old');
  });

  it('with no-cache, skips the lookup but stores the fresh answer (REFRESH)', async () => {
    await promptCache.save('prompt_cache:ns:k1', {
      answer: 'Old',
      question: 'what is a cache?',
      model: 'm',
      createdAt: Date.now(),
      tokens: 0,
    });
    const refresh = await sut.resolve(query({ 'cache-control': 'no-cache' }), fakeUpstream().producer());
    await settled(refresh);

    expect(refresh.status).toBe('REFRESH');
    expect(await answerOf(await sut.resolve(query(), fakeUpstream().producer()))).toBe('Fresh answer');
  });

  it.each([
    ['no-store', { 'cache-control': 'no-store' }, {}],
    ['a request that may not be cached', {}, { cacheable: false }],
  ])('neither reads nor writes for %s (BYPASS)', async (_case, headers, overrides) => {
    const bypass = await sut.resolve(query(headers, overrides), fakeUpstream().producer());
    await settled(bypass);

    expect(bypass.status).toBe('BYPASS');
    expect(await promptCache.peek('prompt_cache:ns:k1', 'q', 'm')).toBeUndefined();
    expect(embedCache.saved).toEqual([]);
  });

  it('stores nothing that fails the write gates (a truncated answer)', async () => {
    const upstream = fakeUpstream('Cut sh', { finishReason: 'length' });
    const first = await sut.resolve(query(), upstream.producer());
    await settled(first);
    const second = await sut.resolve(query(), upstream.producer());

    expect(await answerOf(first)).toBe('Cut sh');
    expect([first.status, second.status]).toEqual(['MISS', 'MISS']);
    expect(embedCache.saved).toEqual([]);
    expect(upstream.calls).toBe(2);
  });

  it('stores an answer with tool calls in the exact layer only', async () => {
    const toolCalls = [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }];
    const upstream = fakeUpstream({ content: null, tool_calls: toolCalls }, { finishReason: 'tool_calls' });
    const first = await sut.resolve(query(), upstream.producer());
    await settled(first);
    const second = await sut.resolve(query(), upstream.producer());

    expect([first.status, second.status]).toEqual(['MISS', 'HIT']);
    expect(second.kind === 'replay' && second.answer.toolCalls).toEqual(toolCalls);
    expect(embedCache.saved).toEqual([]);
    expect(upstream.calls).toBe(1);
  });

  it('stores nothing larger than CACHE_MAX_ENTRY_BYTES', async () => {
    sut = new AnswerCacheService(
      promptCache,
      embedCache as unknown as EmbedCacheService,
      new SingleFlight(new LocalFlightLock()),
      new ResilienceConfig(env),
      new CacheConfig(Object.assign(new Environment(), { CACHE_MAX_ENTRY_BYTES: 8 })),
      metrics,
      new BackgroundWork(),
    );
    const upstream = fakeUpstream('Nine bytes');
    await settled(await sut.resolve(query(), upstream.producer()));

    expect((await sut.resolve(query(), upstream.producer())).status).toBe('MISS');
  });

  it('merges concurrent identical misses into one upstream call', async () => {
    const upstream = fakeUpstream();
    upstream.hold();
    const pending = [
      sut.resolve(query(), upstream.producer()),
      sut.resolve(query(), upstream.producer()),
      sut.resolve(query(), upstream.producer()),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    upstream.release();
    const resolutions = await Promise.all(pending);

    expect(resolutions.map((r) => r.status)).toEqual(['MISS', 'COALESCED', 'COALESCED']);
    expect(await Promise.all(resolutions.map(answerOf))).toEqual(['Fresh answer', 'Fresh answer', 'Fresh answer']);
    expect(upstream.calls).toBe(1);
  });

  it.each([
    ['x-cache-coalesce: off', { 'x-cache-coalesce': 'off' }, {}],
    ['answers meant to differ', {}, { coalescable: false }],
  ])('does not merge requests with %s', async (_case, headers, overrides) => {
    const upstream = fakeUpstream();
    upstream.hold();
    const pending = [
      sut.resolve(query(headers, overrides), upstream.producer()),
      sut.resolve(query(headers, overrides), upstream.producer()),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    upstream.release();

    expect((await Promise.all(pending)).map((r) => r.status)).toEqual(['MISS', 'MISS']);
    expect(upstream.calls).toBe(2);
  });

  it.each([
    [false, ['MISS', 'COALESCED'], 1],
    [true, ['MISS', 'MISS'], 2],
  ])(
    'a paraphrase shares a question in flight unless every semantic hit is verified (verify all: %s)',
    async (verifiesEveryHit, statuses, calls) => {
      embedCache.verifiesEveryHit = verifiesEveryHit;
      const upstream = fakeUpstream();
      upstream.hold();
      const first = sut.resolve(query(), upstream.producer());
      await new Promise((resolve) => setImmediate(resolve));
      const paraphrase = sut.resolve(
        query({}, { key: 'prompt_cache:ns:k2', question: 'explain caches' }),
        upstream.producer(),
      );
      await new Promise((resolve) => setImmediate(resolve));
      upstream.release();

      expect((await Promise.all([first, paraphrase])).map((r) => r.status)).toEqual(statuses);
      expect(upstream.calls).toBe(calls);
    },
  );

  it("shares the upstream's error with the callers that waited for it", async () => {
    const failure = new Error('upstream 500');
    const upstream = fakeUpstream('unused', { fail: failure });
    upstream.hold();
    const pending = [sut.resolve(query(), upstream.producer()), sut.resolve(query(), upstream.producer())];
    await new Promise((resolve) => setImmediate(resolve));
    upstream.release();

    for (const outcome of await Promise.allSettled(pending))
      expect(outcome).toEqual({ status: 'rejected', reason: failure });
    expect(upstream.calls).toBe(1);
  });

  describe('deadline', () => {
    /** Headers at once, then a body that ends only when `finish` is called: an answer under way. */
    const answerUnderWay = () => {
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => (finish = resolve));
      const producer: Producer = {
        call: () =>
          Promise.resolve({
            headers: {},
            body: (async function* () {
              await gate;
              yield Buffer.from(JSON.stringify({ choices: [{ message: { content: 'Late' }, finish_reason: 'stop' }] }));
            })(),
          }),
        reader: () => new WholeBodyReader(chatCompletionAnswer),
      };
      return { producer, finish };
    };

    it("hands the request's deadline to the upstream call, REQUEST_TIMEOUT_MS from now by default", async () => {
      const upstream = fakeUpstream();
      const own = Deadline.after(1234, 'request');

      await settled(await sut.resolve(query(), upstream.producer()));
      await sut.resolve(query({ 'cache-control': 'no-store' }, { deadline: own }), upstream.producer());

      const [byDefault, given] = upstream.deadlines;
      expect(byDefault?.kind).toBe('request');
      expect(byDefault?.remainingMs()).toBeGreaterThan(new ResilienceConfig(env).requestTimeoutMs - 1000);
      expect(given).toBe(own);
    });

    it('gives up waiting for an identical call answering in the other form at the deadline (E_REQUEST_TIMEOUT)', async () => {
      const { producer, finish } = answerUnderWay();
      const leader = await sut.resolve(query({}, { stream: true }), producer);

      const follower = sut.resolve(query({}, { deadline: Deadline.after(20, 'request') }), producer);

      await expect(follower).rejects.toBeInstanceOf(RequestTimeoutError);
      finish();
      await settled(leader);
    });

    it('gives up waiting for a similar question in flight at the deadline (E_REQUEST_TIMEOUT)', async () => {
      const { producer, finish } = answerUnderWay();
      const leader = await sut.resolve(query(), producer);

      const paraphrase = sut.resolve(
        query({}, { key: 'prompt_cache:ns:k2', question: 'what is caching?', deadline: Deadline.after(20, 'request') }),
        fakeUpstream().producer(),
      );

      await expect(paraphrase).rejects.toThrow(/similar question in flight.*REQUEST_TIMEOUT_MS/);
      finish();
      await settled(leader);
    });
  });
});
