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
import { analyzeChatRequest, ChatRequestBody, DELIVERY_ONLY } from './chat-request';

const RUNS = 500;
const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: true, semanticMaxMessages: 3 };
const analyze = (body: Json) => analyzeChatRequest(body as ChatRequestBody, limits);

const contentPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 12 }) }),
  fc.record({ type: fc.constantFrom('image_url', 'input_audio'), detail: jsonValue }),
);
const message = fc.record(
  {
    role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'),
    content: fc.oneof(
      fc.string({ maxLength: 16 }),
      fc.array(contentPart, { minLength: 1, maxLength: 3 }),
      fc.constant(null),
    ),
    name: fc.string({ maxLength: 6 }),
    tool_calls: fc.array(jsonValue, { maxLength: 2 }),
  },
  { requiredKeys: ['role', 'content'] },
);
/** Extra parameters of any name but those the key leaves out or the cache reads (validated as numbers first). */
const parameterKey = jsonKey.filter(
  (key) => !DELIVERY_ONLY.has(key) && !['model', 'messages', 'n', 'temperature'].includes(key),
);
const deliveryFields = fc.dictionary(fc.constantFrom(...DELIVERY_ONLY), jsonValue, {
  maxKeys: DELIVERY_ONLY.size,
  noNullPrototype: true,
});

/** A chat request of arbitrary shape: nested content parts, extra parameters of any JSON, delivery-only fields. */
const chatRequest = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.array(message, { minLength: 1, maxLength: 4 }),
    fc.dictionary(parameterKey, jsonValue, { maxKeys: 4, noNullPrototype: true }),
    deliveryFields,
  )
  .map(([model, messages, parameters, delivery]) => ({ ...parameters, ...delivery, model, messages }));

/** Only the fields the key covers: the paths a mutation may touch. */
const keyedPaths = (body: Json): JsonPath[] => pathsOf(body).filter((path) => !DELIVERY_ONLY.has(String(path[0])));

/** The request itself, `messages` or a whole message replaced by another JSON type would be refused by validation first. */
const replaceable = (path: JsonPath) => path.length > 0 && !(path[0] === 'messages' && path.length <= 2);

/** Applies one change at a random keyed path (or at the top level): grow a member, or replace the value. */
interface Mutation {
  pick: number;
  replace: boolean;
  key: string;
  value: Json;
  extraMessage: Json;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  replace: fc.boolean(),
  key: parameterKey,
  value: jsonValue,
  extraMessage: message.map((m) => m as Json),
});
function mutate(body: Json, { pick, replace, key, value, extraMessage }: Mutation) {
  const paths: JsonPath[] = [[], ...keyedPaths(body)];
  const path = paths[pick % paths.length];
  const item = path.length === 1 && path[0] === 'messages' ? extraMessage : value;
  const differs = replace && replaceable(path) && stringify(value) !== stringify(valueAt(body, path));
  return { path, changed: changedAt(body, path, (node) => (differs ? value : grown(node, key, item))) };
}

const isLastContent = (body: Json, path: JsonPath) =>
  path[0] === 'messages' && path[1] === (body as { messages: unknown[] }).messages.length - 1 && path[2] === 'content';

describe('the chat exact key (property)', () => {
  it('changes when any field outside DELIVERY_ONLY changes, at any depth', () => {
    fc.assert(
      fc.property(chatRequest, mutation, (body, change) => {
        const { changed } = mutate(body, change);
        expect(analyze(changed).exactHash).not.toBe(analyze(body).exactHash);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same whatever the order of object keys, at every depth', () => {
    fc.assert(
      fc.property(chatRequest, fc.integer(), (body, seed) => {
        const shuffled = analyze(reordered(body, seed));
        const original = analyze(body);
        expect(shuffled.exactHash).toBe(original.exactHash);
        expect(shuffled.semanticContext).toBe(original.semanticContext);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same when only delivery-only fields change', () => {
    fc.assert(
      fc.property(chatRequest, deliveryFields, (body, delivery) => {
        const keyed = Object.entries(body as Record<string, Json>).filter(([key]) => !DELIVERY_ONLY.has(key));
        const redelivered = analyze({ ...Object.fromEntries(keyed), ...delivery });
        expect(redelivered.exactHash).toBe(analyze(body).exactHash);
        expect(redelivered.semanticContext).toBe(analyze(body).semanticContext);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the chat semantic context (property)', () => {
  it('changes with any keyed field but the last message content, and only with those', () => {
    fc.assert(
      fc.property(chatRequest, mutation, (body, change) => {
        const { path, changed } = mutate(body, change);
        const [before, after] = [analyze(body).semanticContext, analyze(changed).semanticContext];
        if (isLastContent(body, path)) expect(after).toBe(before);
        else expect(after).not.toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
