import 'reflect-metadata';
import { ResilienceConfig } from './resilience.config';
import { validateEnvironment } from './validate-environment';

const configFrom = (raw: Record<string, string>) => new ResilienceConfig(validateEnvironment(raw));

describe(ResilienceConfig.name, () => {
  it('gives a request the upstream timeout plus the embedding timeout by default', () => {
    expect(configFrom({ LLM_TIMEOUT_MS: '20000', EMBED_TIMEOUT_MS: '1000' }).requestTimeoutMs).toBe(21_000);
  });

  it('takes REQUEST_TIMEOUT_MS when it is set', () => {
    expect(configFrom({ REQUEST_TIMEOUT_MS: '8000' }).requestTimeoutMs).toBe(8000);
  });

  it('defaults to breakers opening after 5 failures and probing after 5 s, and a 5 s drain in 25 s of grace', () => {
    expect(configFrom({})).toMatchObject({
      requestTimeoutMs: 35_000,
      circuitFailureThreshold: 5,
      circuitHalfOpenAfterMs: 5000,
      shutdownDrainMs: 5000,
      shutdownGraceMs: 25_000,
    });
  });
});
