import { isWithinNamespace, NAMESPACE_PATTERN } from './namespace';

describe('NAMESPACE_PATTERN', () => {
  it.each(['default', 'team-a', 'team-a/docs', 'a/b/c', 'v1.2_x', '0123456789abcdef0123456789abcdef'])(
    'accepts %s',
    (namespace) => {
      expect(NAMESPACE_PATTERN.test(namespace)).toBe(true);
    },
  );

  it.each(['', 'a:b', '/a', 'a/', 'a//b', 'a b', 'x'.repeat(129)])('rejects "%s"', (namespace) => {
    expect(NAMESPACE_PATTERN.test(namespace)).toBe(false);
  });
});

describe('isWithinNamespace', () => {
  it('owns itself and its sub-namespaces', () => {
    expect(isWithinNamespace('team-a', 'team-a')).toBe(true);
    expect(isWithinNamespace('team-a/sub', 'team-a')).toBe(true);
    expect(isWithinNamespace('team-a/sub/deeper', 'team-a')).toBe(true);
  });

  it('does not own a sibling that merely shares a prefix', () => {
    expect(isWithinNamespace('team-ab', 'team-a')).toBe(false);
    expect(isWithinNamespace('team-b', 'team-a')).toBe(false);
    expect(isWithinNamespace('team', 'team-a')).toBe(false);
  });
});
