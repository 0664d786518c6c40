/**
 * @jest-environment ./test/support/onnx-test-environment.ts
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { writeTinyModel } from '../support/tiny-onnx-model';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

describe('POST /ask with EMBED_PROVIDER=local (a tiny ONNX model generated here)', () => {
  // The tiny model embeds the mean of one vector per token, lower-cased: word order and case do
  // not change the vector, other words do.
  const root = mkdtempSync(join(tmpdir(), 'tiny-model-'));
  const modelDir = join(root, 'tiny-bert');
  const { upstream, app } = useAppWithFakeUpstream({ EMBED_PROVIDER: 'local', EMBED_MODEL_DIR: modelDir });

  beforeAll(async () => {
    await writeTinyModel(modelDir);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves the question asked in capitals from the semantic cache, embedding in-process only', async () => {
    await ask(app(), { question: 'What is Redis?' }).expect(200);

    const shouted = await ask(app(), { question: 'WHAT  IS REDIS?' }).expect(200);

    expect(shouted.body).toMatchObject({ source: 'semantic_cache', matchedQuestion: 'What is Redis?' });
    expect(shouted.body.similarity).toBeGreaterThan(0.999);
    expect(upstream.calls).toMatchObject({ chat: 1, embeddings: 0 });
  });

  it('serves the same words in another order from the semantic cache', async () => {
    await ask(app(), { question: 'What is a cache?' }).expect(200);

    const reordered = await ask(app(), { question: 'A cache is what?' }).expect(200);

    expect(reordered.body.source).toBe('semantic_cache');
    expect(upstream.calls.chat).toBe(1);
  });

  it('asks the LLM for a question with other words', async () => {
    await ask(app(), { question: 'What is Redis?' }).expect(200);

    const unrelated = await ask(app(), { question: 'How do I bake bread?' }).expect(200);

    expect(unrelated.body.source).toBe('llm');
    expect(upstream.calls.chat).toBe(2);
  });

  it('keeps the vectors in the embedding cache: a refresh does not run the model again', async () => {
    await ask(app(), { question: 'What is a cache?' }).expect(200);
    await ask(app(), { question: 'What is a cache?', cacheControl: 'no-cache' }).expect(200);

    const json = (await request(app().getHttpServer()).get('/metrics/json')).body;
    expect(json.lookups.embedderCache).toMatchObject({ hits: 1, misses: 1 });
  });
});

describe('boot with EMBED_PROVIDER=local', () => {
  it('stops, naming EMBED_MODEL_DIR, when the directory holds no model', async () => {
    await expect(createTestApp({ EMBED_PROVIDER: 'local', EMBED_MODEL_DIR: '/nonexistent/model' })).rejects.toThrow(
      /^EMBED_MODEL_DIR=\/nonexistent\/model: cannot load the embedding model/,
    );
  });

  it('stops, naming EMBED_MODEL_DIR, when it is not set', async () => {
    await expect(createTestApp({ EMBED_PROVIDER: 'local' })).rejects.toThrow(
      /EMBED_MODEL_DIR is required with EMBED_PROVIDER=local/,
    );
  });
});
