'use strict';
// A private, throw-away redis-server for one bench run: the tests' launcher (test/support/redis-server.ts),
// pinned to a CPU when asked and stopped by the bench's cleanup.
const { adoptChild } = require('./children');
const { pinned } = require('./pinning');
const { requireTestSupport } = require('./test-support');

const { startRedisServer } = requireTestSupport('redis-server');

/**
 * Starts a memory-only redis-server on a free loopback port with `dir` as its directory (pinned to
 * `cpu` when given) and waits until it is ready. Resolves { child, port, url }.
 */
async function startRedis({ dir, cpu }) {
  const {
    process: child,
    port,
    url,
  } = await startRedisServer({
    dir,
    wrap: (command, args) => pinned(cpu, command, args),
  });
  return { child: adoptChild('redis-server', child), port, url };
}

module.exports = { startRedis };
