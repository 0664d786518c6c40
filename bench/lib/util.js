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

/** A similarity threshold as configured: two decimals, three when it has them (0.975 is not 0.97). */
const formatThreshold = (t) => t.toFixed(Number.isInteger(Math.round(t * 1000) / 10) ? 2 : 3);

module.exports = { log, sleep, assert, formatThreshold };
