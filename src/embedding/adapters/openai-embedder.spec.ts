import OpenAI from 'openai';
import { FakeOpenAiServer } from '../../../test/support/fake-openai-server';
import { OpenAiEmbedder } from './openai-embedder';

describe(OpenAiEmbedder.name, () => {
  const upstream = new FakeOpenAiServer();
  const make = (dimensions?: number) =>
    new OpenAiEmbedder(
      new OpenAI({ apiKey: 'sk-test', baseURL: upstream.baseUrl, maxRetries: 0 }),
      'text-embedding-3-small',
      dimensions,
    );
  const embeddingRequests = () => upstream.requests.filter((r) => r.endpoint === 'embeddings').map((r) => r.body);

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => {
    upstream.reset();
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('sends the texts asked for in one tick as one request, each caller getting its own vector', async () => {
    const texts = ['What is a cache?', '什麼是快取？', 'x', 'The weather is fine today'];
    const sut = make();
    const single: Float32Array[] = [];
    for (const text of texts) single.push(await sut.embed(text));
    upstream.reset();

    const batched = await Promise.all(texts.map((text) => sut.embed(text)));

    expect(upstream.calls.embeddings).toBe(1);
    expect(embeddingRequests()[0].input).toEqual(texts);
    expect(batched.map((v) => Array.from(v))).toEqual(single.map((v) => Array.from(v)));
  });

  it(`splits more than ${OpenAiEmbedder.MAX_BATCH} texts into several requests`, async () => {
    const texts = Array.from({ length: OpenAiEmbedder.MAX_BATCH + 1 }, (_, i) => `question ${i}`);
    const sut = make();

    await Promise.all(texts.map((text) => sut.embed(text)));

    expect(embeddingRequests().map((body) => (body.input as string[]).length)).toEqual([OpenAiEmbedder.MAX_BATCH, 1]);
  });

  it('asks for EMBED_DIMENSIONS and names them in its id', async () => {
    const sut = make(16);

    const vector = await sut.embed('What is a cache?');

    expect(embeddingRequests()[0]).toMatchObject({ model: 'text-embedding-3-small', dimensions: 16 });
    expect(vector).toHaveLength(16);
    expect(sut.id).toBe('openai:text-embedding-3-small:16');
  });

  it("leaves dimensions out without EMBED_DIMENSIONS, keeping the model's id", async () => {
    const sut = make();

    await sut.embed('What is a cache?');

    expect(embeddingRequests()[0]).not.toHaveProperty('dimensions');
    expect(sut.id).toBe('openai:text-embedding-3-small');
  });

  it('rejects every text of a failed request', async () => {
    upstream.failNext('embeddings', 500);
    const sut = make();

    const results = await Promise.allSettled([sut.embed('a'), sut.embed('b')]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(upstream.calls.embeddings).toBe(1);
  });
});
