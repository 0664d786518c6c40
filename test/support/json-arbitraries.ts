import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonPath = (string | number)[];

/** Object keys, `__proto__` aside (it would set a prototype, not a field). */
export const jsonKey = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => key !== '__proto__');

/** JSON values nested a few levels deep; integers only, as `-0` and `NaN` do not survive JSON. */
export const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(jsonKey, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

/** Every path inside `value` (its root excluded), to containers as well as leaves. */
export function pathsOf(value: Json, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, i) => [i, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

export function valueAt(value: Json, path: JsonPath): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key], value);
}

/** A deep copy of `value` with `change` applied to the node at `path`. */
export function changedAt(value: Json, path: JsonPath, change: (node: Json) => Json): Json {
  if (path.length === 0) return change(value);
  const copy = structuredClone(value) as Record<string | number, Json>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path.at(-1)!] = change(parent[path.at(-1)!]);
  return copy;
}

/**
 * A change that JSON sees at the node: a container gains a member (an object a key it lacks, an
 * array one more item), a scalar is wrapped in an array, so the result never serialises the same.
 */
export function grown(node: Json, key: string, item: Json): Json {
  if (Array.isArray(node)) return [...node, item];
  if (node === null || typeof node !== 'object') return [node];
  let fresh = key;
  while (fresh in node) fresh += '+';
  return { ...node, [fresh]: item };
}

/** A deep copy whose objects list their keys in another order (seeded), at every depth. */
export function reordered(value: Json, seed: number): Json {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    return Object.fromEntries(keys.map((key) => [key, walk(node[key])]));
  };
  return walk(value);
}
