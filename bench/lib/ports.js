'use strict';
// Free TCP ports on 127.0.0.1, the only address bench traffic uses (never 6379, the machine's own Redis).
const net = require('node:net');

const HOST = '127.0.0.1';

/** A port the OS says is free on 127.0.0.1 (never 6379). */
async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const { port: p } = server.address();
        server.close(() => resolve(p));
      });
    });
    if (port !== 6379) return port;
  }
}

module.exports = { HOST, freePort };
