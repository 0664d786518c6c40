import fc from 'fast-check';
import { jsonKey } from './json-arbitraries';

/**
 * Code units that break naive text handling: C0 controls and NUL, DEL, NEL, line and paragraph
 * separators, BOM, lone surrogates (JSON's `"\ud800"` escape makes one), JSON and URL syntax, and
 * any code point at all.
 */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ud800', '\udbff', '\udc00'),
  fc.constantFrom('"', '\\', '%', '{', '[', '/', ':', '*', '?', ' '),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

export const hostileString = (maxLength = 16): fc.Arbitrary<string> => fc.string({ unit: hostileChar, maxLength });

/** Keys JavaScript objects give a meaning to: set or spread carelessly, they replace prototypes or methods. */
export const magicKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
);

/**
 * Objects whose own keys shadow what JavaScript looks up, as JSON.parse builds them: prototype-
 * pollution payloads (a careless merge would give every object a `polluted` property), a
 * `constructor` that is no class, `toString`/`valueOf` that no conversion can call.
 */
export const magicObject: fc.Arbitrary<unknown> = fc
  .constantFrom(
    '{"__proto__": {"polluted": "yes"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"toString": 1, "valueOf": 1, "polluted": {"__proto__": {"polluted": "yes"}}}',
    '[{"__proto__": []}]',
    '{"constructor": null}',
    '{"constructor": {"name": "Object"}}',
    '{"toString": 1, "valueOf": 1}',
  )
  .map((text) => JSON.parse(text) as unknown);

/** Numbers JSON can carry that code rarely expects: -0, huge, tiny, beyond 2^53, fractional. */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 1e21, 2 ** 31, 0.5, 1.5, 2.000001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Strings that look like numbers to some parsers and not to others. */
export const numberLikeString = fc.constantFrom(
  '1',
  '0',
  '-1',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '0x10',
  ' 2 ',
  '',
  '١',
);

/**
 * Any JSON value, objects and arrays at any level: odd numbers, hostile strings and keys (own
 * `__proto__` included, as JSON.parse makes them), magic objects. Serialise with JSON.stringify
 * (lone surrogates become `\ud800` escapes).
 */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    oddNumber,
    hostileString(),
    numberLikeString,
    magicObject,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof({ weight: 2, arbitrary: magicKey }, jsonKey, hostileString(6)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A value for a field that wants `valid`: mostly a valid one (`validWeight` to 1), else any hostile JSON value. */
export const fieldValue = <T>(valid: fc.Arbitrary<T>, validWeight = 2): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: 1, arbitrary: hostileJson });

/** Text of a few characters (lone surrogates, NUL, separators among them), so that some recur or match semantically. */
export const fewCharText = fc
  .string({
    unit: fc.constantFrom('a', 'b', '?', ' ', '\ud800', '\udfff', '\u0000', '\u2028', 'é'),
    minLength: 1,
    maxLength: 6,
  })
  .filter((text) => /\S/.test(text));

/** Extra fields a body may carry beside the known ones, magic keys often, falsy and empty values often. */
export const extraFields = fc.dictionary(
  fc.oneof({ weight: 3, arbitrary: magicKey }, { weight: 1, arbitrary: jsonKey }),
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(null, 0, '', 'x', {}, []) }, { weight: 1, arbitrary: hostileJson }),
  { maxKeys: 5 },
);

/** What a numeric field may receive: odd numbers, number-like strings, objects no comparison can convert. */
export const numericValue: fc.Arbitrary<unknown> = fc.oneof(oddNumber, numberLikeString, magicObject);
