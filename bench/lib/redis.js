'use strict';
// A private, throw-away redis-server for one bench run (free port, no persistence, never 6379).
const net = require('node:net');
const { HOST, freePort } = require('./ports');
const { startChild } = require('./children');
const { pinned } = require('./pinning');
const { sleep } = require('./util');

/** One PING over a raw socket: true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `redis-server --save "" --appendonly no` on a free port with `dir` as its directory (pinned to
 * `cpu` when given) and waits until it answers PING. Resolves { child, port, url }.
 */
async function startRedis({ dir, cpu }) {
  const port = await freePort();
  const child = startChild(
    'redis-server',
    ...pinned(cpu, 'redis-server', [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ]),
    { cwd: dir },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitInfo) throw new Error(`redis-server exited early (${JSON.stringify(child.exitInfo)})`);
    if (await ping(port)) break;
    if (Date.now() > deadline) throw new Error(`redis-server not reachable on ${port}`);
    await sleep(100);
  }
  return { child, port, url: `redis://${HOST}:${port}` };
}

module.exports = { startRedis };
