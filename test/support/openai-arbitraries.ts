import fc from 'fast-check';
import { extraFields, fewCharText, fieldValue, hostileJson, hostileString, numericValue } from './hostile-arbitraries';

/** `known` with, sometimes, unknown and magic fields beside it (the known ones win). */
const withExtras = <T extends object>(known: fc.Arbitrary<T>) =>
  fc.tuple(known, fc.option(extraFields, { freq: 4 })).map(([fields, extra]) => ({ ...(extra ?? {}), ...fields }));

const part = fc.oneof(
  fc.record({ type: fc.constant('text'), text: hostileString(20) }),
  fc.record({
    type: fc.constant('image_url'),
    image_url: fc.record({ url: fc.constant('data:image/png;base64,AA==') }),
  }),
  hostileJson,
);
const message = withExtras(
  fc.record(
    {
      role: fieldValue(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function'), 4),
      content: fieldValue(fc.oneof(hostileString(30), fc.constant(null), fc.array(part, { maxLength: 3 }))),
    },
    { requiredKeys: ['role'] },
  ),
);

/** Chat requests whose fields the cache reads may hold anything; every other parameter too. */
export const chatBody = withExtras(
  fc.record(
    {
      model: fieldValue(fc.constantFrom('gpt-4o-mini', 'another-model'), 4),
      messages: fieldValue(fc.array(message, { minLength: 1, maxLength: 4 }), 4),
      temperature: fieldValue(numericValue),
      n: fieldValue(fc.oneof(fc.integer({ min: -1, max: 3 }), numericValue)),
      stream: fieldValue(fc.boolean(), 4),
      stream_options: fieldValue(fc.record({ include_usage: fc.boolean() })),
      user: fieldValue(hostileString(12)),
    },
    { requiredKeys: [] },
  ),
);

/** Embeddings inputs of every form OpenAI knows (text, texts, tokens, token arrays) and others. */
const embeddingsInput = fc.oneof(
  { weight: 2, arbitrary: hostileString(20) },
  { weight: 2, arbitrary: fc.array(hostileString(10), { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: -2, max: 100_000 }), { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 4 }), { maxLength: 3 }) },
  {
    weight: 2,
    arbitrary: fc.array(fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }), { maxLength: 2 })),
  },
  // As many inputs as OpenAI takes in one request, or one more.
  { weight: 1, arbitrary: fc.constantFrom(2048, 2049).map((length) => Array.from({ length }, (_, i) => `text ${i}`)) },
);

export const embeddingsBody = withExtras(
  fc.record(
    {
      model: fieldValue(fc.constantFrom('text-embedding-3-small', 'another-model'), 4),
      input: fieldValue(embeddingsInput, 4),
      dimensions: fieldValue(fc.integer({ min: -2, max: 5000 })),
      encoding_format: fieldValue(fc.constantFrom('float', 'base64')),
      user: fieldValue(hostileString(12)),
    },
    { requiredKeys: [] },
  ),
);

/** Valid chat requests of few-character texts, streamed or not, mostly one user turn: some hit what an earlier one stored. */
export const validChat = fc.record({
  model: fc.constant('gpt-4o-mini'),
  messages: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.record({ role: fc.constant('user'), content: fewCharText })) },
    fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fewCharText }), {
      minLength: 1,
      maxLength: 2,
    }),
  ),
  stream: fc.boolean(),
});
