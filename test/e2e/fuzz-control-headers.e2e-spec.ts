import fc from 'fast-check';
import { AddressInfo } from 'node:net';
import {
  ErrorShape,
  expectHandled,
  expectStillServing,
  expectUnpolluted,
  fuzzRuns,
  fuzzTimeout,
  prototypeKeys,
} from '../support/fuzz-expectations';
import { fewCharText, hostileChar } from '../support/hostile-arbitraries';
import { rawRequest } from '../support/raw-http';
import { useTestRedis } from '../support/test-redis';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const RUNS = 100;
const KEY = 'sk-fuzz';

/** Values each header means something with, right or wrong; the service reads every one of them. */
const MEANINGFUL: Record<string, string[]> = {
  'cache-control': [
    'no-cache',
    'no-store',
    'max-age=0',
    'MAX-AGE=5, No-Cache',
    `max-age=${'9'.repeat(30)}`,
    'max-age=-1',
    'max-age=',
  ],
  'x-cache-ttl': ['0', '60', '9'.repeat(30), '-1', '1.5', '1e3', ' 7 ', ''],
  'x-cache-threshold': ['0', '1', '0.97', '1.01', 'NaN', 'Infinity', '-0', '0x1', ' '],
  'x-cache-mode': ['exact', 'semantic', 'off', ' OFF ', 'fuzzy', ''],
  'x-cache-namespace': ['fuzz', 'fuzz/a', 'other', 'fuzz/../x', 'fuzz//a', `fuzz/${'a'.repeat(130)}`, ''],
  'x-cache-coalesce': ['on', 'off', 'ON', 'maybe', ''],
  authorization: [`Bearer ${KEY}`, 'Bearer other', 'Basic abc', 'Bearer', ''],
  'x-api-key': [KEY, 'other', ''],
};

/** Whether Node's HTTP parser refuses `value` in a header: it holds a control character other than tab. */
const isIllegal = (value: string) =>
  [...value].some((c) => (c.charCodeAt(0) < 0x20 && c !== '\t') || c.charCodeAt(0) === 0x7f);
/** Larger than Node's 16 KiB of headers: 431 before the service sees the request. */
const HUGE = 20_000;

/** A header value as text (sent as UTF-8: a lone surrogate becomes U+FFFD's bytes), CR and LF aside. */
const headerValue = (name: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...MEANINGFUL[name]) },
    { weight: 4, arbitrary: fc.string({ unit: hostileChar, maxLength: 24 }).map((v) => v.replace(/[\r\n]/g, '')) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(HUGE)) },
  );

/** 0 to 5 control headers, names repeating (Node joins repeats with ", "). */
const controlHeaders = fc.array(
  fc.constantFrom(...Object.keys(MEANINGFUL)).chain((name) => headerValue(name).map((value) => [name, value] as const)),
  { maxLength: 5 },
);

const ROUTES: [string, ErrorShape, () => fc.Arbitrary<object>][] = [
  ['/ask', 'service', () => fewCharText.map((question) => ({ question }))],
  [
    '/v1/chat/completions',
    'openai',
    () => fewCharText.map((content) => ({ model: 'm', messages: [{ role: 'user', content }] })),
  ],
  ['/v1/embeddings', 'openai', () => fewCharText.map((input) => ({ model: 'e', input }))],
];
const route = fc.constantFrom(...ROUTES).chain(([path, shape, body]) => body().map((b) => ({ path, shape, body: b })));

describe('the control headers under fuzzing (keyed access, Redis store)', () => {
  const redis = useTestRedis();
  const { app } = useAppWithFakeUpstream(
    {
      API_KEYS: `${KEY}:fuzz`,
      CACHE_SECRET: 'fuzz-cache-secret-0123456789',
      REDIS_URL: redis.url,
      EMBED_PROVIDER: 'lexical',
    },
    { listen: true, perFile: true },
  );
  const port = () => (app().getHttpServer().address() as AddressInfo).port;

  it(
    'answers any mix of control headers, repeated, hostile or huge, with a 2xx or a 4xx saying why',
    async () => {
      const prototypesBefore = prototypeKeys();
      await fc.assert(
        fc.asyncProperty(route, controlHeaders, async ({ path, shape, body }, headers) => {
          const response = await rawRequest(port(), {
            path,
            headers: [
              ['content-type', Buffer.from('application/json')],
              ['x-api-key', Buffer.from(KEY)],
              ...headers.map(([name, value]): [string, Buffer] => [name, Buffer.from(value, 'utf8')]),
            ],
            body: JSON.stringify(body),
          });

          // Node's parser stops at the first header it refuses, before any route runs.
          const refused = headers.map(([, value]) => value).find((v) => isIllegal(v) || v.length >= HUGE);
          if (refused === undefined) expectHandled(response, shape);
          else if (refused.length >= HUGE) expect(response.status).toBe(431);
          else expect(response.body).toEqual({ error: 'Bad Request', message: 'Client Error', statusCode: 400 });
          expectUnpolluted(prototypesBefore);
        }),
        fuzzRuns(RUNS),
      );
      await expectStillServing(app(), { 'x-api-key': KEY });
    },
    fuzzTimeout(RUNS),
  );
});
