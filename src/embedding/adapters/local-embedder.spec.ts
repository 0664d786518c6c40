/**
 * @jest-environment ./test/support/onnx-test-environment.ts
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTinyModel, TinyModel } from '../../../test/support/tiny-onnx-model';
import { cosineOfUnitVectors } from '../../vector-index/vector-math';
import { LocalEmbedder } from './local-embedder';

const norm = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe(LocalEmbedder.name, () => {
  let model: TinyModel;
  let sut: LocalEmbedder;

  beforeAll(async () => {
    model = await createTinyModel('tiny-bert', { hiddenSize: 24 });
    sut = await LocalEmbedder.load({ modelDir: model.dir });
  });
  afterAll(async () => {
    await model.remove();
  });

  it('returns a unit-length vector as long as the model is wide', async () => {
    const vector = await sut.embed('What is a cache?');

    expect(vector).toHaveLength(24);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('returns the same vector for the same text', async () => {
    const first = await sut.embed('Explain caching');
    const second = await sut.embed('Explain caching');

    expect(Array.from(second)).toEqual(Array.from(first));
  });

  it('returns different vectors for different texts', async () => {
    const [cache, weather] = [await sut.embed('What is a cache?'), await sut.embed('How is the weather today?')];

    expect(cosineOfUnitVectors(cache, weather)).toBeLessThan(0.9);
  });

  it('runs concurrent calls as one inference, padded together, with the vectors of single calls', async () => {
    const texts = ['What is a cache?', 'x', '什麼是快取？', 'How do I bake bread? Explain the weather today, fine.'];
    const single: Float32Array[] = [];
    for (const text of texts) single.push(await sut.embed(text));
    const inference = jest.spyOn(
      sut as unknown as { embedBatch(texts: string[]): Promise<Float32Array[]> },
      'embedBatch',
    );

    const batched = await Promise.all(texts.map((text) => sut.embed(text)));

    expect(inference.mock.calls).toEqual([[texts]]);
    batched.forEach((vector, i) => expect(cosineOfUnitVectors(vector, single[i])).toBeCloseTo(1, 6));
    inference.mockRestore();
  });

  it('names the model in its id, weights included', async () => {
    const sameNameOtherWeights = await createTinyModel('tiny-bert', { hiddenSize: 24, seed: 2 });
    try {
      const other = await LocalEmbedder.load({ modelDir: sameNameOtherWeights.dir });

      expect(sut.id).toMatch(/^local:tiny-bert:[0-9a-f]{12}$/);
      expect(other.id).not.toBe(sut.id);
    } finally {
      await sameNameOtherWeights.remove();
    }
  });

  it('refuses to load, naming EMBED_MODEL_DIR, when the directory does not exist', async () => {
    await expect(LocalEmbedder.load({ modelDir: '/nonexistent/model' })).rejects.toThrow(
      'EMBED_MODEL_DIR=/nonexistent/model: cannot load the embedding model: /nonexistent/model is not a directory',
    );
  });

  it('refuses to load, naming EMBED_MODEL_DIR, a directory without a model, and downloads nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-model-'));
    await mkdir(join(empty, 'onnx'));
    try {
      await expect(LocalEmbedder.load({ modelDir: empty })).rejects.toThrow(
        new RegExp(`^EMBED_MODEL_DIR=${empty}: .*allowRemoteModels=false.*not found locally`),
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
