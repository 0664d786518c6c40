/**
 * @jest-environment ./test/support/onnx-test-environment.ts
 */
import { MemoryCacheStore } from '../../src/cache-store/adapters/memory-cache-store';
import { createOpenAiClient } from '../../src/embedding/create-openai-client';
import { Environment } from '../../src/config/environment';
import { LlmConfig } from '../../src/config/llm.config';
import { CachedEmbedder } from '../../src/embedding/adapters/cached-embedder';
import { LexicalEmbedder } from '../../src/embedding/adapters/lexical-embedder';
import { LocalEmbedder } from '../../src/embedding/adapters/local-embedder';
import { OpenAiEmbedder } from '../../src/embedding/adapters/openai-embedder';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { createTinyModel, TinyModel } from '../support/tiny-onnx-model';
import { embedderContract } from './embedder.contract';

describe('Embedder adapters', () => {
  const upstream = new FakeOpenAiServer();
  const openAi = (dimensions?: number) => {
    const config = new LlmConfig(
      Object.assign(new Environment(), { OPENAI_BASE_URL: upstream.baseUrl, LLM_MAX_RETRIES: 0 }),
    );
    return new OpenAiEmbedder(createOpenAiClient(config, 2000), 'text-embedding-3-small', dimensions);
  };
  let tinyModel: TinyModel;
  let local: Promise<LocalEmbedder> | undefined;

  beforeAll(async () => {
    await upstream.start();
    tinyModel = await createTinyModel();
  });
  afterAll(async () => {
    await upstream.stop();
    await tinyModel.remove();
  });

  embedderContract('lexical', async () => new LexicalEmbedder());
  embedderContract('openai (fake OpenAI-compatible server)', async () => openAi());
  embedderContract('openai with EMBED_DIMENSIONS (fake OpenAI-compatible server)', async () => openAi(16));
  // Loaded once for the suite, as the app does at boot.
  embedderContract(
    'local (tiny generated ONNX model)',
    () => (local ??= LocalEmbedder.load({ modelDir: tinyModel.dir })),
  );
  embedderContract(
    'openai behind the embedding cache',
    async () =>
      new CachedEmbedder(openAi(), new MemoryCacheStore(100), 60, {
        lookup: () => undefined,
        storeFailed: () => undefined,
      }),
  );
});
