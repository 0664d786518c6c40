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
import { analyzeMessagesRequest, DELIVERY_ONLY, MessagesRequestBody } from './messages-request';

const RUNS = 300;
const HINT = 'cache_control';
const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: true, semanticMaxMessages: 3 };
const analyze = (body: Json) => analyzeMessagesRequest(body as MessagesRequestBody, limits);

/** A `cache_control` hint, present or not, on an object where Anthropic takes one. */
const hinted = <T extends Record<string, unknown>>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(
    { ...model, [HINT]: fc.record({ type: fc.constant('ephemeral'), ttl: fc.constantFrom('5m', '1h') }) },
    {
      requiredKeys: Object.keys(model) as never[],
    },
  );

const textBlock = hinted({ type: fc.constant('text'), text: fc.string({ maxLength: 12 }) });
const block = fc.oneof(
  textBlock,
  hinted({ type: fc.constant('tool_use'), id: fc.string({ maxLength: 4 }), input: jsonValue }),
  hinted({
    type: fc.constant('tool_result'),
    tool_use_id: fc.string({ maxLength: 4 }),
    content: fc.array(textBlock, { maxLength: 2 }),
  }),
  hinted({ type: fc.constant('image'), source: jsonValue }),
);
const message = fc.record({
  role: fc.constantFrom('user', 'assistant'),
  content: fc.oneof(fc.string({ maxLength: 16 }), fc.array(block, { minLength: 1, maxLength: 3 })),
});
/** Extra parameters of any name but those the key leaves out, the cache reads, or a hint. */
const parameterKey = jsonKey.filter(
  (key) => !DELIVERY_ONLY.has(key) && !['model', 'messages', 'temperature', 'system', 'tools', HINT].includes(key),
);
const deliveryFields = fc.dictionary(fc.constantFrom(...DELIVERY_ONLY), jsonValue, {
  maxKeys: DELIVERY_ONLY.size,
  noNullPrototype: true,
});

/** A Messages request: system and tools with hints, nested blocks, extra parameters of any JSON, delivery-only fields. */
const messagesRequest = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.array(message, { minLength: 1, maxLength: 4 }),
    fc.option(fc.oneof(fc.string({ maxLength: 8 }), fc.array(textBlock, { minLength: 1, maxLength: 2 })), {
      nil: undefined,
    }),
    fc.option(fc.array(hinted({ name: fc.string({ maxLength: 6 }), input_schema: jsonValue }), { maxLength: 2 }), {
      nil: undefined,
    }),
    fc.dictionary(parameterKey, jsonValue, { maxKeys: 3, noNullPrototype: true }),
    deliveryFields,
  )
  .map(([model, messages, system, tools, parameters, delivery]) => ({
    ...parameters,
    ...delivery,
    model,
    messages,
    ...(system !== undefined && { system }),
    ...(tools !== undefined && { tools }),
  })) as fc.Arbitrary<Json>;

/** Every value of `cache_control` replaced (`undefined`: removed); the generator puts hints only where Anthropic takes them. */
function rehinted(node: Json, hint?: Json): Json {
  if (Array.isArray(node)) return node.map((item) => rehinted(item, hint));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).flatMap(([key, value]): [string, Json][] =>
    key !== HINT ? [[key, rehinted(value, hint)]] : hint === undefined ? [] : [[key, hint]],
  );
  return Object.fromEntries(entries);
}

/** The paths a mutation may touch: not delivery-only fields, not hints. */
const keyedPaths = (body: Json): JsonPath[] =>
  pathsOf(body).filter((path) => !DELIVERY_ONLY.has(String(path[0])) && !path.includes(HINT));
/** Replacing the request, `messages` or a whole message by another JSON type would be refused by validation first. */
const replaceable = (path: JsonPath) => path.length > 0 && !(path[0] === 'messages' && path.length <= 2);

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
  extraMessage: message,
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

describe('the messages exact key (property)', () => {
  it('changes when any field outside DELIVERY_ONLY and the hints changes, at any depth', () => {
    fc.assert(
      fc.property(messagesRequest, mutation, (body, change) => {
        expect(analyze(mutate(body, change).changed).exactHash).not.toBe(analyze(body).exactHash);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same whatever the order of object keys, the delivery-only fields and the cache_control hints', () => {
    fc.assert(
      fc.property(messagesRequest, fc.integer(), deliveryFields, jsonValue, (body, seed, delivery, hint) => {
        const keyed = Object.entries(body as Record<string, Json>).filter(([key]) => !DELIVERY_ONLY.has(key));
        const original = analyze(body);
        for (const variant of [
          reordered(body, seed),
          { ...Object.fromEntries(keyed), ...delivery },
          rehinted(body),
          rehinted(body, hint),
        ]) {
          const analysis = analyze(variant);
          expect(analysis.exactHash).toBe(original.exactHash);
          expect(analysis.semanticContext).toBe(original.semanticContext);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the messages semantic context (property)', () => {
  it('changes with any keyed field but the last message content, and only with those', () => {
    fc.assert(
      fc.property(messagesRequest, mutation, (body, change) => {
        const { path, changed } = mutate(body, change);
        const [before, after] = [analyze(body).semanticContext, analyze(changed).semanticContext];
        if (isLastContent(body, path)) expect(after).toBe(before);
        else expect(after).not.toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
