import 'reflect-metadata';
import { LlmConfig } from './llm.config';
import { validateEnvironment } from './validate-environment';

const configFrom = (raw: Record<string, string>) => new LlmConfig(validateEnvironment(raw));

describe(LlmConfig.name, () => {
  it('is not configured without a key or a base URL', () => {
    expect(configFrom({}).isConfigured).toBe(false);
  });

  it('is not configured when the key and base URL are blank', () => {
    expect(configFrom({ OPENAI_API_KEY: '', OPENAI_BASE_URL: ' ' }).isConfigured).toBe(false);
  });

  it('is configured with an API key alone', () => {
    expect(configFrom({ OPENAI_API_KEY: 'sk-test' }).isConfigured).toBe(true);
  });

  it('is configured with a base URL alone (a local server needs no key)', () => {
    expect(configFrom({ OPENAI_BASE_URL: 'http://vllm:8000/v1' }).isConfigured).toBe(true);
  });

  it('is configured in passthrough without a key or base URL, callers bringing their keys', () => {
    // Act
    const sut = configFrom({ UPSTREAM_AUTH: 'passthrough', CACHE_SECRET: 'x'.repeat(16) });

    // Assert
    expect(sut).toMatchObject({ isConfigured: true, serverConfigured: false, passthrough: true });
  });

  it('copies the upstream settings from the environment', () => {
    // Act
    const sut = configFrom({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'https://example.openai.azure.com/v1',
      LLM_MODEL: 'gpt-4o',
      LLM_TIMEOUT_MS: '1500',
      LLM_MAX_RETRIES: '0',
    });

    // Assert
    expect(sut).toMatchObject({
      apiKey: 'sk-test',
      baseUrl: 'https://example.openai.azure.com/v1',
      model: 'gpt-4o',
      timeoutMs: 1500,
      maxRetries: 0,
    });
  });

  it('defaults to gpt-4o-mini with a 30 s timeout and 2 retries', () => {
    expect(configFrom({})).toMatchObject({ model: 'gpt-4o-mini', timeoutMs: 30_000, maxRetries: 2 });
  });
});
