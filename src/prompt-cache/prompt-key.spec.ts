import { PROMPT_KEY_PREFIX, promptKey, promptKeyPrefix } from './prompt-key';

describe('promptKey', () => {
  it('has the shape prompt_cache:<namespace>:<64 hex>', () => {
    expect(promptKey('default', 'gpt-4o-mini', 'What is caching?')).toMatch(/^prompt_cache:default:[0-9a-f]{64}$/);
  });

  it('is the same for the same namespace, model and question', () => {
    expect(promptKey('a', 'gpt-4o-mini', 'What is caching?')).toBe(promptKey('a', 'gpt-4o-mini', 'What is caching?'));
  });

  it.each([
    ['namespace', ['b', 'gpt-4o-mini', 'What is caching?']],
    ['model', ['a', 'gpt-4o', 'What is caching?']],
    ['question', ['a', 'gpt-4o-mini', 'What is a cache?']],
  ] as const)('differs when only the %s differs', (_what, [namespace, model, question]) => {
    // Arrange
    const base = promptKey('a', 'gpt-4o-mini', 'What is caching?');

    // Act
    const other = promptKey(namespace, model, question);

    // Assert
    expect(other).not.toBe(base);
  });

  it('keeps model and question apart, so moving text between them changes the key', () => {
    expect(promptKey('a', 'gpt-4', 'o question')).not.toBe(promptKey('a', 'gpt-4o', ' question'));
  });

  it('starts with the prefix of its namespace', () => {
    expect(promptKey('tenant-1', 'm', 'q').startsWith(promptKeyPrefix('tenant-1'))).toBe(true);
  });
});

describe('promptKeyPrefix', () => {
  it('is the bare prefix of every prompt key when no namespace is given', () => {
    expect(promptKeyPrefix()).toBe('prompt_cache:');
    expect(promptKeyPrefix()).toBe(PROMPT_KEY_PREFIX);
  });

  it('ends with a colon for a namespace, so one namespace never matches another it prefixes', () => {
    // Arrange
    const keyOfLongerNamespace = promptKey('ab', 'm', 'q');

    // Act
    const prefix = promptKeyPrefix('a');

    // Assert
    expect(prefix).toBe('prompt_cache:a:');
    expect(keyOfLongerNamespace.startsWith(prefix)).toBe(false);
  });
});
