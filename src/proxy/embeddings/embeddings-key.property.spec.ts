import fc from 'fast-check';
import stringify from 'safe-stable-stringify';
import {
  changedAt,
  grown,
  Json,
  jsonKey,
  JsonPath,
  jsonValue,
  pathsOf,
  reordered,
  valueAt,
} from '../../../test/support/json-arbitraries';
import { embeddingsHash } from './embeddings-query';

const RUNS = 500;
const hash = (body: Json) => embeddingsHash(body as Record<string, unknown>);

/** An embeddings request of arbitrary shape: input as text, texts or token arrays, extra parameters, maybe a user. */
const embeddingsRequest = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.oneof(
      fc.string({ maxLength: 16 }),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      fc.array(fc.array(fc.nat(), { maxLength: 4 }), { maxLength: 2 }),
    ),
    fc.dictionary(
      jsonKey.filter((key) => key !== 'user'),
      jsonValue,
      { maxKeys: 4, noNullPrototype: true },
    ),
    fc.option(jsonValue, { nil: undefined }),
  )
  .map(([model, input, parameters, user]) => ({ ...parameters, model, input, ...(user !== undefined && { user }) }));

const mutation = fc.record({
  pick: fc.nat(),
  replace: fc.boolean(),
  key: jsonKey.filter((key) => key !== 'user'),
  value: jsonValue,
});

describe('the embeddings exact key (property)', () => {
  it('changes when any field but `user` changes, at any depth', () => {
    fc.assert(
      fc.property(embeddingsRequest, mutation, (body, { pick, replace, key, value }) => {
        const paths: JsonPath[] = [[], ...pathsOf(body).filter((path) => path[0] !== 'user')];
        const path = paths[pick % paths.length];
        const differs = replace && path.length > 0 && stringify(value) !== stringify(valueAt(body, path));
        const changed = changedAt(body, path, (node) => (differs ? value : grown(node, key, value)));
        expect(hash(changed)).not.toBe(hash(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same whatever the order of object keys, at every depth', () => {
    fc.assert(
      fc.property(embeddingsRequest, fc.integer(), (body, seed) => {
        expect(hash(reordered(body, seed))).toBe(hash(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same when only `user` changes', () => {
    fc.assert(
      fc.property(embeddingsRequest, jsonValue, (body, user) => {
        expect(hash({ ...body, user })).toBe(hash(body));
      }),
      { numRuns: RUNS },
    );
  });
});
