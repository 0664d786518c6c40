'use strict';
// The fake OpenAI-compatible upstream of the benches: the tests' FakeOpenAiServer
// (test/support/fake-openai-server.ts) in this process, closed by the bench's cleanup.
const { onCleanup } = require('./children');
const { requireTestSupport } = require('./test-support');

const { FakeOpenAiServer } = requireTestSupport('fake-openai-server');

/**
 * Starts a FakeOpenAiServer that answers every chat request with `answer`, streamed in chunks of
 * about 40 characters; `delayMs` before the first byte and `chunkGapMs` between streamed chunks.
 * Request bodies are not recorded (a bench sends thousands). Resolves the started server.
 */
async function startFakeUpstream({ answer, delayMs = 0, chunkGapMs = 0, keepAliveTimeoutMs } = {}) {
  const server = new FakeOpenAiServer({
    answer: () => answer,
    streamPieces: (text) => text.match(/.{1,40}(\s|$)/g),
    recordRequests: false,
    keepAliveTimeoutMs,
  });
  await server.start();
  onCleanup(() => server.stop());
  if (delayMs > 0) server.delay('chat', delayMs);
  if (chunkGapMs > 0) server.paceStream(chunkGapMs);
  return server;
}

module.exports = { startFakeUpstream };
