'use strict';
// Starting a Node HTTP server under test (the service, the floor) as a pinned child and waiting until it is ready.
const fs = require('node:fs');
const { HOST, freePort } = require('./ports');
const { startChild, baseEnv } = require('./children');
const { waitReady } = require('./http');
const { pinned } = require('./pinning');

/**
 * Runs `node [...nodeArgs] entry` on a free port (env: baseEnv() + PORT + HOST + `env`), cwd `dir`
 * (the private temp dir, so that a developer's .env in the repo cannot change the run), pinned to
 * `cpu` when given; resolves { child, port } once GET /health/ready answers 200.
 */
async function startNodeServer(name, entry, { nodeArgs = [], cpu, dir, env = {}, readyTimeoutMs }) {
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const childEnv = { ...baseEnv(), PORT: String(port), HOST, ...env };
  const child = startChild(name, ...pinned(cpu, process.execPath, [...nodeArgs, entry]), { cwd: dir, env: childEnv });
  await waitReady(child, port, '/health/ready', readyTimeoutMs);
  return { child, port };
}

module.exports = { startNodeServer };
