import { createHash } from 'node:crypto';
import { ApiKeysError, parseApiKeysFile, parseApiKeysVariable, toApiKeys } from './api-keys';
import { derivedNamespace, findByDigest } from './key-digest';

const SECRET = 'test-secret-0123456789';

describe('parseApiKeysVariable', () => {
  it('reads key:namespace pairs, naming each entry by its position', () => {
    // Act
    const entries = parseApiKeysVariable(' ka:team-a , kb:team-b/sub ');

    // Assert
    expect(entries).toEqual([
      expect.objectContaining({ name: 'API_KEYS.1', key: 'ka', namespace: 'team-a' }),
      expect.objectContaining({ name: 'API_KEYS.2', key: 'kb', namespace: 'team-b/sub' }),
    ]);
  });

  it('leaves the namespace of a bare key to be derived', () => {
    expect(parseApiKeysVariable('ka')[0].namespace).toBeUndefined();
  });

  it.each(['ka:', 'ka:a:b', ':team', 'ka:bad ns'])('rejects "%s" without quoting the key', (raw) => {
    // Act / Assert
    expect(() => parseApiKeysVariable(raw)).toThrow(ApiKeysError);
    expect(() => parseApiKeysVariable(raw)).toThrow(/API_KEYS\.1/);
  });
});

describe('parseApiKeysFile', () => {
  it('reads YAML', () => {
    // Arrange
    const yaml = `keys:
  - name: team-a
    key: sk-a
    namespace: team-a
    models: [gpt-4o-mini]
    rateLimitRpm: 60
`;

    // Act
    const [entry] = parseApiKeysFile(yaml, 'f');

    // Assert
    expect(entry).toMatchObject({
      name: 'team-a',
      key: 'sk-a',
      namespace: 'team-a',
      models: ['gpt-4o-mini'],
      rateLimitRpm: 60,
    });
  });

  it('reads JSON, and a bare list', () => {
    expect(parseApiKeysFile('{"keys":[{"name":"a","key":"k"}]}', 'f')).toHaveLength(1);
    expect(parseApiKeysFile('[{"name":"a","key":"k"}]', 'f')).toHaveLength(1);
  });

  it('names the source and field of every problem, never the value', () => {
    // Arrange
    const text = '{"keys":[{"name":"a","key":"sk-secret","namespace":"a:b","rateLimitRpm":-1,"colour":"red"}]}';

    // Act
    const error = (() => {
      try {
        parseApiKeysFile(text, 'API_KEYS_FILE');
      } catch (thrown) {
        return thrown as Error;
      }
    })();

    // Assert
    expect(error?.message).toMatch(/^API_KEYS_FILE: /);
    expect(error?.message).toMatch(/file\.keys\[0\]\.namespace/);
    expect(error?.message).toMatch(/rateLimitRpm/);
    expect(error?.message).toMatch(/colour/);
    expect(error?.message).not.toContain('sk-secret');
  });

  it('rejects text that is not a document of keys', () => {
    expect(() => parseApiKeysFile('keys: [', 'f')).toThrow(ApiKeysError);
    expect(() => parseApiKeysFile('', 'f')).toThrow(/keys/);
  });
});

describe('toApiKeys', () => {
  it('keeps a digest of each key, never the key', () => {
    // Act
    const [key] = toApiKeys(parseApiKeysVariable('sk-a:team-a'), SECRET);

    // Assert
    expect(key.digest.equals(createHash('sha256').update('sk-a').digest())).toBe(true);
    expect(JSON.stringify(key)).not.toContain('sk-a');
  });

  it('derives a namespace from the key with the HMAC of CACHE_SECRET when none is configured', () => {
    // Act
    const [key] = toApiKeys(parseApiKeysVariable('sk-a'), SECRET);

    // Assert
    expect(key.namespace).toBe(derivedNamespace(SECRET, 'sk-a'));
    expect(key.namespace).toMatch(/^[0-9a-f]{32}$/);
    expect(key.namespace).not.toContain('sk-a');
    expect(derivedNamespace('another-secret-0123', 'sk-a')).not.toBe(key.namespace);
  });

  it('accepts a key given by its sha256 when it names a namespace', () => {
    // Arrange
    const sha256 = createHash('sha256').update('sk-a').digest('hex');

    // Act
    const keys = toApiKeys(parseApiKeysFile(JSON.stringify([{ name: 'a', sha256, namespace: 'team-a' }]), 'f'), SECRET);

    // Assert
    expect(findByDigest(keys, 'sk-a')?.name).toBe('a');
  });

  it.each([
    ['both key and sha256', [{ name: 'a', key: 'k', sha256: '0'.repeat(64) }], /exactly one/],
    ['neither', [{ name: 'a' }], /exactly one/],
    ['a sha256 without a namespace', [{ name: 'a', sha256: '0'.repeat(64) }], /needs a namespace/],
    [
      'a name twice',
      [
        { name: 'a', key: 'k1' },
        { name: 'a', key: 'k2' },
      ],
      /used twice/,
    ],
    [
      'a key twice',
      [
        { name: 'a', key: 'k' },
        { name: 'b', key: 'k' },
      ],
      /repeats/,
    ],
  ])('rejects %s', (_case, entries, message) => {
    expect(() => toApiKeys(parseApiKeysFile(JSON.stringify(entries), 'f'), SECRET)).toThrow(message);
  });
});

describe('findByDigest', () => {
  it('finds the presented key and nothing for an unknown one', () => {
    // Arrange
    const keys = toApiKeys(parseApiKeysVariable('ka:team-a,kb:team-b'), SECRET);

    // Act / Assert
    expect(findByDigest(keys, 'kb')?.namespace).toBe('team-b');
    expect(findByDigest(keys, 'kc')).toBeUndefined();
    expect(findByDigest(keys, '')).toBeUndefined();
  });
});
