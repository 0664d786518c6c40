'use strict';
// Tiny helpers every bench script uses: stderr logging, sleep, run-failing checks.

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function assert(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

module.exports = { log, sleep, assert };
