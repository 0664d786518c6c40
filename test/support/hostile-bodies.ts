import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../src/common/json-body-parser';
import { hostileJson } from './hostile-arbitraries';

/** A request body as sent: its bytes' text, its content type (undefined: no header), and what must come back when that is certain. */
export interface HostileBody {
  contentType?: string;
  text: string;
  /** The status the service must answer, when the body alone decides it. */
  status?: number;
  /** A pattern the error message must match, with `status`. */
  message?: RegExp;
}

const json = (text: string, status?: number, message?: RegExp): HostileBody => ({
  contentType: 'application/json',
  text,
  status,
  message,
});

/** Any JSON value as the whole body: anything but an object is refused as not a JSON object. */
const topLevel = hostileJson.map((value) => {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value);
  return json(JSON.stringify(value), object ? undefined : 400);
});

/** A valid body cut short: never JSON, as its braces no longer balance. */
const truncated = (valid: object) =>
  fc
    .integer({ min: 0, max: JSON.stringify(valid).length - 1 })
    .map((end) => json(JSON.stringify(valid).slice(0, end), 400));

const malformed = fc
  .constantFrom("{'question': 'hi'}", '{"a":1,}', 'NaN', '{"a":01}', '\u0000', '{"a":"\\x41"}', '{"a":"\\ud800', '[1]]')
  .map((text) => json(text, 400));

/** A body nested `depth` levels below a field of `valid`, under or over the limit. */
const deep = (valid: object, field: string) =>
  fc
    .tuple(fc.oneof(fc.integer({ min: 1, max: MAX_JSON_DEPTH + 2 }), fc.integer({ min: 1, max: 20_000 })), fc.boolean())
    .map(([depth, arrays]) => {
      const [open, close] = arrays ? ['[', ']'] : ['{"a":', '}'];
      const nested = `${open.repeat(depth)}${arrays ? '' : '1'}${close.repeat(depth)}`;
      const text = JSON.stringify({ ...valid, [field]: 0 }).replace(`"${field}":0`, `"${field}":${nested}`);
      return depth + 1 > MAX_JSON_DEPTH ? json(text, 400, /nest/) : json(text);
    });

const CONTENT_TYPES: [string | undefined, number | undefined][] = [
  [undefined, 415],
  ['text/plain', 400],
  ['text/plain; charset=utf-8', 400],
  ['application/x-www-form-urlencoded', 415],
  ['multipart/form-data; boundary=x', 415],
  ['application/octet-stream', 415],
  ['application/xml', 415],
  ['application/json; charset=utf-8', undefined],
  ['Application/JSON', undefined],
];

/** The valid body (or nothing) under another content type, or under none. */
const otherContentType = (valid: object) =>
  fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.boolean()).map(([[contentType, status], empty]) => {
    if (empty)
      return {
        contentType,
        text: '',
        status: contentType?.toLowerCase().startsWith('application/json') ? 400 : undefined,
      };
    return { contentType, text: JSON.stringify(valid), status };
  });

/** A body around the size limit: over it, 413 whatever it holds. */
const sized = (valid: object, field: string, bodyLimit: number) =>
  fc.integer({ min: bodyLimit - 64, max: bodyLimit + 64 }).map((size) => {
    const skeleton = JSON.stringify({ ...valid, [field]: '' });
    const text = JSON.stringify({ ...valid, [field]: 'x'.repeat(Math.max(0, size - skeleton.length)) });
    return Buffer.byteLength(text) > bodyLimit ? json(text, 413, /too large/) : json(text);
  });

/**
 * Bodies a client should never send, for a route whose valid body is `valid`: any JSON at the top
 * level, broken JSON, nesting far beyond the limit at `field`, other content types, sizes around
 * `bodyLimit`.
 */
export function hostileBodies(valid: object, field: string, bodyLimit: number): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    topLevel,
    truncated(valid),
    malformed,
    deep(valid, field),
    otherContentType(valid),
    sized(valid, field, bodyLimit),
  );
}
