import 'reflect-metadata';
import { AnthropicConfig } from './anthropic.config';
import { validateEnvironment } from './validate-environment';

const configFrom = (raw: Record<string, string>) => new AnthropicConfig(validateEnvironment(raw));

describe(AnthropicConfig.name, () => {
  it("is not configured without a key, a base URL or passthrough, and then points at Anthropic's API", () => {
    expect(configFrom({})).toMatchObject({ isConfigured: false, endpoint: 'https://api.anthropic.com/v1/' });
  });

  it('is configured with a key, with a base URL (taken without /v1, as the SDKs take it), or in passthrough', () => {
    expect(configFrom({ ANTHROPIC_API_KEY: 'sk-ant' }).isConfigured).toBe(true);
    expect(configFrom({ ANTHROPIC_BASE_URL: 'http://gateway:8080/anthropic/' })).toMatchObject({
      isConfigured: true,
      endpoint: 'http://gateway:8080/anthropic/v1/',
    });
    expect(configFrom({ UPSTREAM_AUTH: 'passthrough', CACHE_SECRET: 'x'.repeat(16) }).isConfigured).toBe(true);
  });

  it('stops boot on a base URL that is not one', () => {
    expect(() => configFrom({ ANTHROPIC_BASE_URL: 'not a url' })).toThrow(/ANTHROPIC_BASE_URL/);
  });
});
