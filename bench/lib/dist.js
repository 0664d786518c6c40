'use strict';
// The service's compiled modules, which the in-process benches measure.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

/** require() of dist/<relative>.js; throws, naming the fix, when the build is missing. */
function requireDist(relative) {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(`${file}.js`))
    throw new Error(`${path.relative(ROOT, file)}.js not found: run \`npm run build\` first`);
  return require(file);
}

module.exports = { DIST, requireDist };
