import 'reflect-metadata';
import { EmbedConfig } from './embed.config';
import { validateEnvironment } from './validate-environment';

const configFrom = (raw: Record<string, string>) => new EmbedConfig(validateEnvironment(raw));

describe(EmbedConfig.name, () => {
  it('uses the lexical embedder when no upstream is configured', () => {
    expect(configFrom({}).provider).toBe('lexical');
  });

  it('uses openai when OPENAI_API_KEY is set', () => {
    expect(configFrom({ OPENAI_API_KEY: 'sk-test' }).provider).toBe('openai');
  });

  it('uses openai when only OPENAI_BASE_URL is set', () => {
    expect(configFrom({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).provider).toBe('openai');
  });

  it('uses the lexical embedder when OPENAI_API_KEY is blank', () => {
    expect(configFrom({ OPENAI_API_KEY: '' }).provider).toBe('lexical');
  });

  it('lets an explicit EMBED_PROVIDER win over the default', () => {
    expect(configFrom({ OPENAI_API_KEY: 'sk-test', EMBED_PROVIDER: 'lexical' }).provider).toBe('lexical');
    expect(configFrom({ EMBED_PROVIDER: 'openai' }).provider).toBe('openai');
  });

  it('copies the model, timeout and threshold from the environment', () => {
    // Act
    const sut = configFrom({
      EMBED_MODEL: 'text-embedding-3-large',
      EMBED_TIMEOUT_MS: '750',
      EMBED_SIM_THRESHOLD: '0.8',
    });

    // Assert
    expect(sut).toMatchObject({ model: 'text-embedding-3-large', timeoutMs: 750, similarityThreshold: 0.8 });
  });

  it('copies the local model directory and download switch, downloads off by default', () => {
    expect(configFrom({ EMBED_PROVIDER: 'local', EMBED_MODEL_DIR: '/models/minilm' })).toMatchObject({
      provider: 'local',
      modelDir: '/models/minilm',
      allowDownload: false,
    });
    expect(
      configFrom({ EMBED_PROVIDER: 'local', EMBED_MODEL_DIR: '/m', EMBED_ALLOW_DOWNLOAD: 'true' }).allowDownload,
    ).toBe(true);
  });

  it('stops boot, naming EMBED_MODEL_DIR, when EMBED_PROVIDER=local has no model directory', () => {
    expect(() => configFrom({ EMBED_PROVIDER: 'local' })).toThrow(
      'EMBED_MODEL_DIR is required with EMBED_PROVIDER=local',
    );
    expect(() => configFrom({ EMBED_PROVIDER: 'local', EMBED_MODEL_DIR: ' ' })).toThrow(
      'EMBED_MODEL_DIR is required with EMBED_PROVIDER=local',
    );
  });

  it('copies EMBED_DIMENSIONS, undefined when unset, and refuses a non-positive one', () => {
    expect(configFrom({ EMBED_DIMENSIONS: '512' }).dimensions).toBe(512);
    expect(configFrom({}).dimensions).toBeUndefined();
    expect(() => configFrom({ EMBED_DIMENSIONS: '0' })).toThrow(/EMBED_DIMENSIONS/);
  });

  it("leaves the threshold undefined so the embedder's default applies", () => {
    expect(configFrom({}).similarityThreshold).toBeUndefined();
  });
});
