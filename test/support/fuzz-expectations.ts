import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { fakeAnswer } from './fake-openai-server';
import { HostileBody } from './hostile-bodies';
import { rawRequest, RawResponse } from './raw-http';

/** How a route words its errors: the service's own `{statusCode, code, message}`, or OpenAI's `{error: {...}}`. */
export type ErrorShape = 'service' | 'openai';

/** The error body a route answers with, in its shape. */
function errorBody(status: number, shape: ErrorShape): object {
  const message: unknown = expect.stringMatching(/\S/);
  const type: unknown = expect.any(String);
  if (shape === 'openai') return { error: { message, type } };
  const code: unknown = expect.stringMatching(/^E_[A-Z_0-9]+$/);
  return { statusCode: status, code, message };
}

/** A hostile request was handled: no 5xx, and an error says why in the route's shape. */
export function expectHandled(response: RawResponse, shape: ErrorShape): void {
  // Status and body in one string, so that a failure shows what came back.
  expect(`${response.status} ${response.text.slice(0, 500)}`).toMatch(/^[1-4]\d\d /);
  if (response.status >= 400) expect(response.body).toMatchObject(errorBody(response.status, shape));
}

/** Sends `body` to `path` and checks it is handled, with the status and message it decides, if any. */
export async function sendHostileBody(port: number, path: string, body: HostileBody, shape: ErrorShape) {
  const headers: [string, Buffer][] =
    body.contentType === undefined ? [] : [['content-type', Buffer.from(body.contentType)]];
  const response = await rawRequest(port, { path, headers, body: body.text });
  expectHandled(response, shape);
  if (body.status !== undefined) expect(response.status).toBe(body.status);
  if (body.message !== undefined) expect(response.text).toMatch(body.message);
  return response;
}

/** Own property names of the built-in prototypes, to see that no request added one. */
export function prototypeKeys(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap((p) =>
    Object.getOwnPropertyNames(p),
  );
}

/** Nothing was polluted: no prototype gained a property, `({}).polluted` is still undefined. */
export function expectUnpolluted(before: string[]): void {
  expect(prototypeKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** After the fuzzing: still ready, and a plain /ask (with `headers`: its key) still gets its answer from the LLM. */
export async function expectStillServing(
  app: NestFastifyApplication,
  headers: Record<string, string> = {},
): Promise<void> {
  const server = app.getHttpServer();
  await request(server).get('/health/ready').expect(200);
  const question = 'Is the service still answering?';
  const answer = await request(server).post('/ask').set(headers).send({ question, cacheMode: 'off' }).expect(200);
  expect(answer.body).toMatchObject({ answer: fakeAnswer(question), source: 'llm' });
}

let namespaces = 0;

/**
 * An x-cache-namespace header no other property run uses: each run starts from an empty cache, so
 * a counterexample fails again on its own when fast-check shrinks or replays it.
 */
export function freshNamespace(): [string, Buffer] {
  namespaces += 1;
  return ['x-cache-namespace', Buffer.from(`fuzz-run-${namespaces}`)];
}

/** FUZZ_SCALE multiplies every property's runs: `FUZZ_SCALE=20 npx jest test/e2e/fuzz-` to hunt for bugs. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/** fast-check's options for `runs` runs (scaled). */
export const fuzzRuns = (runs: number) => ({ numRuns: Math.ceil(runs * SCALE) });

/** Jest's timeout for a property of `runs` runs: a bound for a hung run, not a speed requirement. */
export const fuzzTimeout = (runs: number) => 60_000 + Math.ceil(runs * SCALE) * 1_000;
