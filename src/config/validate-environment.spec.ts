import 'reflect-metadata';
import { InvalidEnvironmentError, validateEnvironment } from './validate-environment';

function rejectionOf(raw: Record<string, unknown>): InvalidEnvironmentError {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('validateEnvironment', () => {
  it('fills every default when nothing is set', () => {
    // Act
    const env = validateEnvironment({});

    // Assert
    expect(env).toMatchObject({
      PORT: 3000,
      RATE_LIMIT_RPM: 0,
      BODY_LIMIT_BYTES: 262_144,
      MAX_QUESTION_CHARS: 8000,
      REDIS_TIMEOUT_MS: 2000,
      CACHE_TTL: 3600,
      CACHE_MAX_ENTRIES: 10_000,
      CACHE_DEFAULT_NAMESPACE: 'default',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_TIMEOUT_MS: 30_000,
      LLM_MAX_RETRIES: 2,
      EMBED_MODEL: 'text-embedding-3-small',
      EMBED_TIMEOUT_MS: 5000,
    });
    expect(env.HOST).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.EMBED_PROVIDER).toBeUndefined();
    expect(env.EMBED_SIM_THRESHOLD).toBeUndefined();
  });

  it('converts numeric strings to numbers', () => {
    // Act
    const env = validateEnvironment({
      PORT: '8080',
      CACHE_TTL: '0',
      LLM_MAX_RETRIES: '5',
      EMBED_SIM_THRESHOLD: '0.85',
    });

    // Assert
    expect(env.PORT).toBe(8080);
    expect(env.CACHE_TTL).toBe(0);
    expect(env.LLM_MAX_RETRIES).toBe(5);
    expect(env.EMBED_SIM_THRESHOLD).toBe(0.85);
  });

  it('keeps valid strings as given', () => {
    const env = validateEnvironment({
      REDIS_URL: 'redis://localhost:6379/1',
      OPENAI_BASE_URL: 'http://ollama:11434/v1',
      EMBED_PROVIDER: 'lexical',
      CACHE_DEFAULT_NAMESPACE: 'tenant-a.v2',
    });

    expect(env).toMatchObject({
      REDIS_URL: 'redis://localhost:6379/1',
      OPENAI_BASE_URL: 'http://ollama:11434/v1',
      EMBED_PROVIDER: 'lexical',
      CACHE_DEFAULT_NAMESPACE: 'tenant-a.v2',
    });
  });

  it('accepts a rediss:// URL with a password', () => {
    expect(validateEnvironment({ REDIS_URL: 'rediss://:s3cret@cache.internal:6380' }).REDIS_URL).toBe(
      'rediss://:s3cret@cache.internal:6380',
    );
  });

  it('accepts REDIS_CLUSTER_NODES as host:port entries or redis[s]:// URLs', () => {
    const nodes = '10.0.0.1:7000, redis-2.internal:7001,rediss://user:p%40ss@[::1]:7002';

    expect(validateEnvironment({ REDIS_CLUSTER_NODES: nodes }).REDIS_CLUSTER_NODES).toBe(nodes);
  });

  it.each(['10.0.0.1', 'http://a:1', 'a:1,,b:2', 'a:1;b:2'])(
    'rejects REDIS_CLUSTER_NODES=%s without echoing it',
    (nodes) => {
      const error = rejectionOf({ REDIS_CLUSTER_NODES: nodes });

      expect(error.problems).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES=\(hidden\): .*host:port/)]);
    },
  );

  it('refuses REDIS_URL and REDIS_CLUSTER_NODES together, naming both', () => {
    const error = rejectionOf({ REDIS_URL: 'redis://localhost:6379', REDIS_CLUSTER_NODES: 'a:7000' });

    expect(error.problems).toEqual([expect.stringMatching(/REDIS_CLUSTER_NODES.*REDIS_URL.*exclusive/)]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['CACHE_TTL', '-1'],
    ['BODY_LIMIT_BYTES', '100'],
    ['EMBED_SIM_THRESHOLD', '1.5'],
    ['REDIS_URL', 'http://x'],
    ['OPENAI_BASE_URL', 'ftp://example.com'],
    ['EMBED_PROVIDER', 'cohere'],
    ['CACHE_DEFAULT_NAMESPACE', 'has space'],
    ['LLM_MAX_RETRIES', '11'],
  ])('rejects %s=%s and names the variable', (key, value) => {
    // Act
    const error = rejectionOf({ [key]: value });

    // Assert
    expect(error.name).toBe('InvalidEnvironmentError');
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(`${key}=`);
  });

  it('names every bad variable in one error', () => {
    // Act
    const error = rejectionOf({ PORT: 'abc', CACHE_TTL: '-1', REDIS_URL: 'http://x', HOST: 'localhost' });

    // Assert
    expect(error.problems).toHaveLength(3);
    for (const key of ['PORT', 'CACHE_TTL', 'REDIS_URL']) expect(error.message).toContain(`${key}=`);
    expect(error.message).not.toContain('HOST=');
  });

  it('ignores keys it does not know', () => {
    // Act
    const env = validateEnvironment({ PATH: '/usr/bin', HOME: '/root', PORT: '4000' });

    // Assert
    expect(env.PORT).toBe(4000);
    expect(env).not.toHaveProperty('PATH');
    expect(env).not.toHaveProperty('HOME');
  });

  it.each(['REDIS_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'EMBED_PROVIDER', 'EMBED_SIM_THRESHOLD'])(
    'treats a blank %s as unset',
    (key) => {
      // Act
      const env = validateEnvironment({ [key]: '  ' });

      // Assert
      expect(env[key as keyof typeof env]).toBeUndefined();
    },
  );

  it('keeps the default for a blank variable that has one, rather than reading it as 0', () => {
    // Act
    const env = validateEnvironment({ PORT: '', CACHE_TTL: ' ', LLM_MODEL: '' });

    // Assert
    expect(env).toMatchObject({ PORT: 3000, CACHE_TTL: 3600, LLM_MODEL: 'gpt-4o-mini' });
  });

  it('requires CACHE_SECRET once API keys or passthrough are configured, naming it', () => {
    expect(() => validateEnvironment({ API_KEYS: 'ka:team-a' })).toThrow(/CACHE_SECRET/);
    expect(() => validateEnvironment({ API_KEYS_FILE: '/etc/keys.yaml' })).toThrow(/CACHE_SECRET/);
    expect(validateEnvironment({ API_KEYS: 'ka:team-a', CACHE_SECRET: 'x'.repeat(16) }).CACHE_SECRET).toHaveLength(16);
    expect(() => validateEnvironment({ UPSTREAM_AUTH: 'passthrough' })).toThrow(/CACHE_SECRET.*passthrough/);
  });

  it('never quotes a secret variable in its error', () => {
    // Act
    const message = (() => {
      try {
        validateEnvironment({ API_KEYS: 'sk-live-key:a', CACHE_SECRET: 'short-secret', ADMIN_KEY: 'short-admin' });
      } catch (error) {
        return (error as Error).message;
      }
    })();

    // Assert
    expect(message).toMatch(/CACHE_SECRET=\(hidden\)/);
    expect(message).toMatch(/ADMIN_KEY=\(hidden\)/);
    expect(message).not.toMatch(/short-secret|short-admin|sk-live-key/);
  });
});
