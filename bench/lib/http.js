'use strict';
// Plain HTTP on 127.0.0.1 for bench scripts: one-off requests, readiness polling, local fake servers.
const http = require('node:http');
const { HOST } = require('./ports');
const { onCleanup } = require('./children');
const { sleep } = require('./util');

/**
 * One HTTP request to 127.0.0.1; resolves { status, body, text } with the body parsed as JSON when
 * possible. `agent` as for http.request (default: the global agent).
 */
function request(port, method, urlPath, body, timeoutMs = 10_000, agent = undefined) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: HOST,
        port,
        agent,
        method,
        path: urlPath,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, body: json, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Polls GET urlPath (fresh connection each time) until 200, failing early if the child exits. */
async function waitReady(child, port, urlPath, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitInfo) throw new Error(`${child.benchName} exited early (${JSON.stringify(child.exitInfo)})`);
    try {
      const res = await request(port, 'GET', urlPath, undefined, 1000, false);
      if (res.status === 200) return;
      last = `status ${res.status}: ${res.text.slice(0, 300)}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(150);
  }
  throw new Error(`${child.benchName} not ready on ${urlPath} within ${timeoutMs} ms (last: ${last})`);
}

/** Listens on a free 127.0.0.1 port, closes the server (and its connections) on cleanup; resolves the port. */
async function listenLocal(server) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  onCleanup(async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  });
  return server.address().port;
}

module.exports = { request, waitReady, listenLocal };
