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
import { extraFields, fewCharText, fieldValue, hostileString, numericValue } from '../support/hostile-arbitraries';
import { hostileBodies } from '../support/hostile-bodies';
import { rawRequest } from '../support/raw-http';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

const BODY_LIMIT_BYTES = 262_144;
const RUNS = { fields: 100, questions: 25, bodies: 60 };

/** /ask bodies whose every known field may hold the wrong type, with unknown and magic fields beside them. */
const askBody = fc
  .tuple(
    fc.record(
      {
        question: fieldValue(fc.oneof(hostileString(40), fewCharText), 4),
        namespace: fieldValue(fc.oneof(fc.constantFrom('default', 'team-a', 'a/b', 'a//b'), hostileString(8))),
        model: fieldValue(fc.oneof(fc.constant('gpt-4o-mini'), hostileString(8))),
        cacheControl: fieldValue(fc.oneof(fc.constantFrom('no-cache', 'no-store', 'max-age=5'), hostileString(12))),
        cacheTtl: fieldValue(numericValue),
        cacheThreshold: fieldValue(numericValue),
        cacheMode: fieldValue(fc.constantFrom('exact', 'semantic', 'off', 'EXACT', '')),
      },
      { requiredKeys: [] },
    ),
    fc.option(extraFields, { freq: 4 }),
  )
  .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));

describe('POST /ask under fuzzing', () => {
  const { app } = useAppWithFakeUpstream({}, { listen: true, perFile: true });
  const port = () => (app().getHttpServer().address() as AddressInfo).port;
  const post = (body: unknown, namespace = freshNamespace()) =>
    rawRequest(port(), {
      path: '/ask',
      headers: [['content-type', Buffer.from('application/json')], namespace],
      body: JSON.stringify(body),
    });
  let prototypesBefore: string[];

  beforeAll(() => {
    prototypesBefore = prototypeKeys();
  });

  it(
    'answers any body of wrongly typed, hostile or magic fields with a 2xx or a 4xx saying why',
    async () => {
      await fc.assert(
        fc.asyncProperty(askBody, async (body) => {
          const response = await post(body);

          expectHandled(response, 'service');
          if (response.status === 200) expect(response.body).toMatchObject({ answer: expect.any(String) });
          expectUnpolluted(prototypesBefore);
        }),
        fuzzRuns(RUNS.fields),
      );
      await expectStillServing(app());
    },
    fuzzTimeout(RUNS.fields),
  );

  it(
    'answers valid questions of any characters with 200, hits of earlier ones included',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fewCharText, { minLength: 2, maxLength: 4 }), async (questions) => {
          // One namespace for the run's questions, so that the later ones can hit the earlier ones.
          const namespace = freshNamespace();
          for (const question of questions) {
            const response = await post({ question }, namespace);

            expectHandled(response, 'service');
            expect(response.status).toBe(200);
          }
        }),
        fuzzRuns(RUNS.questions),
      );
      await expectStillServing(app());
    },
    fuzzTimeout(RUNS.questions),
  );

  it(
    'answers bodies that are not JSON objects, not JSON, too deep, too large or of another type with a 4xx',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileBodies({ question: 'What is fuzzing?' }, 'question', BODY_LIMIT_BYTES),
          async (body) => {
            await sendHostileBody(port(), '/ask', body, 'service');
            expectUnpolluted(prototypesBefore);
          },
        ),
        fuzzRuns(RUNS.bodies),
      );
      await expectStillServing(app());
    },
    fuzzTimeout(RUNS.bodies),
  );
});
