import fc from 'fast-check';
import { AddressInfo } from 'node:net';
import {
  expectHandled,
  expectStillServing,
  expectUnpolluted,
  freshNamespace,
  fuzzRuns,
  fuzzTimeout,
  prototypeKeys,
  sendHostileBody,
} from '../support/fuzz-expectations';
import { hostileBodies } from '../support/hostile-bodies';
import { chatBody, embeddingsBody, validChat } from '../support/openai-arbitraries';
import { rawRequest } from '../support/raw-http';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const BODY_LIMIT_BYTES = 262_144;
const RUNS = { fields: 50, conversations: 25, bodies: 30 };

describe('the /v1 proxy under fuzzing', () => {
  const { app } = useAppWithFakeUpstream({}, { listen: true, perFile: true });
  const port = () => (app().getHttpServer().address() as AddressInfo).port;
  const post = (path: string, body: unknown, namespace = freshNamespace()) =>
    rawRequest(port(), {
      path,
      headers: [['content-type', Buffer.from('application/json')], namespace],
      body: JSON.stringify(body),
    });
  let prototypesBefore: string[];

  beforeAll(() => {
    prototypesBefore = prototypeKeys();
  });

  it.each([
    ['/v1/chat/completions', chatBody],
    ['/v1/embeddings', embeddingsBody],
  ] as const)(
    'answers %s bodies of wrongly typed, hostile or magic fields with a 2xx or a 4xx in OpenAI’s shape',
    async (path, bodies) => {
      await fc.assert(
        fc.asyncProperty(bodies as fc.Arbitrary<object>, async (body) => {
          const response = await post(path, body);

          expectHandled(response, 'openai');
          expectUnpolluted(prototypesBefore);
        }),
        fuzzRuns(RUNS.fields),
      );
      await expectStillServing(app());
    },
    fuzzTimeout(RUNS.fields),
  );

  it(
    'answers valid chat requests of any characters with 200, hits of earlier ones included',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(validChat, { minLength: 2, maxLength: 4 }), async (bodies) => {
          // One namespace for the run's requests, so that the later ones can hit the earlier ones.
          const namespace = freshNamespace();
          for (const body of bodies) {
            const response = await post('/v1/chat/completions', body, namespace);

            expectHandled(response, 'openai');
            expect(response.status).toBe(200);
          }
        }),
        fuzzRuns(RUNS.conversations),
      );
    },
    fuzzTimeout(RUNS.conversations),
  );

  it.each([
    ['/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, 'user'],
    ['/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi' }, 'input'],
  ] as const)(
    'answers %s bodies that are not JSON objects, not JSON, too deep, too large or of another type with a 4xx',
    async (path, valid, field) => {
      await fc.assert(
        fc.asyncProperty(hostileBodies(valid, field, BODY_LIMIT_BYTES), async (body) => {
          await sendHostileBody(port(), path, body, 'openai');
          expectUnpolluted(prototypesBefore);
        }),
        fuzzRuns(RUNS.bodies),
      );
      await expectStillServing(app());
    },
    fuzzTimeout(RUNS.bodies),
  );
});
