import { nestsDeeperThan } from './json-depth';

const nested = (levels: number): unknown => JSON.parse(`${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`);

describe('nestsDeeperThan', () => {
  it.each([[null], [1], ['text'], [true]])('counts a scalar (%p) as depth 0', (scalar) => {
    expect(nestsDeeperThan(scalar, 0)).toBe(false);
  });

  it.each([[[]], [{}], [[1, 'a']], [{ a: 1 }]])('counts a container of scalars (%p) as depth 1', (value) => {
    expect(nestsDeeperThan(value, 1)).toBe(false);
    expect(nestsDeeperThan(value, 0)).toBe(true);
  });

  it('measures the deepest branch, through objects and arrays alike', () => {
    // Arrange: 2 * 10 levels on one branch, a shallow sibling beside it.
    const value = { shallow: [1], deep: nested(10) };

    // Act / Assert
    expect(nestsDeeperThan(value, 21)).toBe(false);
    expect(nestsDeeperThan(value, 20)).toBe(true);
  });

  it('measures nesting far deeper than the call stack allows recursion', () => {
    const value = nested(20_000);

    expect(nestsDeeperThan(value, 64)).toBe(true);
    expect(nestsDeeperThan(value, 40_001)).toBe(false);
  });
});
