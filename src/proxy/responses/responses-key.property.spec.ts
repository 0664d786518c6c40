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
import { analyzeResponsesRequest, RESPONSES_DELIVERY_ONLY, ResponsesRequestBody } from './responses-request';

const RUNS = 500;
const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: true, semanticMaxMessages: 3 };
const analyze = (body: Json) => analyzeResponsesRequest(body as ResponsesRequestBody, limits);

const contentPart = fc.oneof(
  fc.record({ type: fc.constantFrom('input_text', 'output_text'), text: fc.string({ maxLength: 12 }) }),
  fc.record({ type: fc.constantFrom('input_image', 'input_file'), detail: jsonValue }),
);
const message = fc.record(
  {
    type: fc.constant('message'),
    role: fc.constantFrom('system', 'developer', 'user', 'assistant'),
    content: fc.oneof(fc.string({ maxLength: 16 }), fc.array(contentPart, { minLength: 1, maxLength: 3 })),
  },
  { requiredKeys: ['role', 'content'] },
);
const toolItem = fc.oneof(
  fc.record({
    type: fc.constant('function_call'),
    call_id: fc.string({ maxLength: 6 }),
    name: fc.string({ maxLength: 6 }),
    arguments: fc.string({ maxLength: 12 }),
  }),
  fc.record({ type: fc.constant('function_call_output'), call_id: fc.string({ maxLength: 6 }), output: jsonValue }),
  fc.record({ type: fc.constant('item_reference'), id: fc.string({ maxLength: 6 }) }),
);
const item = fc.oneof({ weight: 3, arbitrary: message }, { weight: 1, arbitrary: toolItem });
const input = fc.oneof(fc.string({ maxLength: 16 }), fc.array(item, { minLength: 1, maxLength: 4 }));

/**
 * Extra parameters of any name but those the key leaves out or the cache reads (validated first),
 * and `content`: added to an item that lacked it, it would become the compared text.
 */
const RESERVED = ['model', 'input', 'temperature', 'background', 'previous_response_id', 'content'];
const parameterKey = jsonKey.filter((key) => !RESPONSES_DELIVERY_ONLY.has(key) && !RESERVED.includes(key));
const deliveryFields = fc.dictionary(fc.constantFrom(...RESPONSES_DELIVERY_ONLY), jsonValue, {
  maxKeys: RESPONSES_DELIVERY_ONLY.size,
  noNullPrototype: true,
});

/** A Responses request of arbitrary shape: items of several types, extra parameters of any JSON, delivery-only fields. */
const responsesRequest = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    input,
    fc.dictionary(parameterKey, jsonValue, { maxKeys: 4, noNullPrototype: true }),
    deliveryFields,
  )
  .map(([model, input, parameters, delivery]): Json => ({ ...parameters, ...delivery, model, input }));

const keyedPaths = (body: Json): JsonPath[] =>
  pathsOf(body).filter((path) => !RESPONSES_DELIVERY_ONLY.has(String(path[0])));

/** `input` or a whole item replaced by another JSON type would be refused by validation first. */
const replaceable = (path: JsonPath) => path.length > 0 && !(path[0] === 'input' && path.length <= 2);

interface Mutation {
  pick: number;
  replace: boolean;
  key: string;
  value: Json;
  extraItem: Json;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  replace: fc.boolean(),
  key: parameterKey,
  value: jsonValue,
  extraItem: item.map((i) => i as Json),
});

/** Applies one change at a random keyed path (or at the top level): grow a member, or replace the value. */
function mutate(body: Json, { pick, replace, key, value, extraItem }: Mutation) {
  const paths: JsonPath[] = [[], ...keyedPaths(body)];
  const path = paths[pick % paths.length];
  const added = path.length === 1 && path[0] === 'input' ? extraItem : value;
  const differs = replace && replaceable(path) && stringify(value) !== stringify(valueAt(body, path));
  return { path, changed: changedAt(body, path, (node) => (differs ? value : grown(node, key, added))) };
}

/** Inside the last item's content: the compared text (a string input is grown into an array, never replaced). */
function isLastContent(body: Json, path: JsonPath): boolean {
  const items = (body as { input: unknown }).input;
  return Array.isArray(items) && path[0] === 'input' && path[1] === items.length - 1 && path[2] === 'content';
}

describe('the Responses exact key (property)', () => {
  it('changes when any field outside RESPONSES_DELIVERY_ONLY changes, at any depth', () => {
    fc.assert(
      fc.property(responsesRequest, mutation, (body, change) => {
        const { changed } = mutate(body, change);
        expect(analyze(changed).exactHash).not.toBe(analyze(body).exactHash);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same whatever the order of object keys, at every depth', () => {
    fc.assert(
      fc.property(responsesRequest, fc.integer(), (body, seed) => {
        const [shuffled, original] = [analyze(reordered(body, seed)), analyze(body)];
        expect(shuffled.exactHash).toBe(original.exactHash);
        expect(shuffled.semanticContext).toBe(original.semanticContext);
      }),
      { numRuns: RUNS },
    );
  });

  it('stays the same when only delivery-only fields change', () => {
    fc.assert(
      fc.property(responsesRequest, deliveryFields, (body, delivery) => {
        const keyed = Object.entries(body as Record<string, Json>).filter(([key]) => !RESPONSES_DELIVERY_ONLY.has(key));
        const redelivered = analyze({ ...Object.fromEntries(keyed), ...delivery });
        expect(redelivered.exactHash).toBe(analyze(body).exactHash);
        expect(redelivered.semanticContext).toBe(analyze(body).semanticContext);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the Responses semantic context (property)', () => {
  it('changes with any keyed field but the last item content, and only with those', () => {
    fc.assert(
      fc.property(responsesRequest, mutation, (body, change) => {
        const { path, changed } = mutate(body, change);
        const [before, after] = [analyze(body).semanticContext, analyze(changed).semanticContext];
        if (isLastContent(body, path)) expect(after).toBe(before);
        else expect(after).not.toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
