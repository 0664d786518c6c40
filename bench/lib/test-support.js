'use strict';
// The tests' support code, shared with the benches: test/support/*.ts compiled to dist-bench/ by
// `npm run bench:support` (tsconfig.bench.json; every `npm run bench:*` script runs it first).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** test/support/<name>.ts as compiled; fails when the build is missing or older than its source. */
function requireTestSupport(name) {
  const source = path.join(ROOT, 'test', 'support', `${name}.ts`);
  const built = path.join(ROOT, 'dist-bench', 'test', 'support', `${name}.js`);
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(source).mtimeMs)
    throw new Error(`${path.relative(ROOT, built)} is missing or stale: run \`npm run bench:support\` first`);
  return require(built);
}

module.exports = { requireTestSupport };
