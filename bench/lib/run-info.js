'use strict';
// What a bench report says about its run: the build measured, the machine, the command to reproduce it.
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');

/** What was measured: BENCH_BUILD_LABEL, else the repository's HEAD (read-only git commands). */
function buildLabel() {
  if (process.env.BENCH_BUILD_LABEL) return process.env.BENCH_BUILD_LABEL;
  const git = (args) => spawnSync('git', ['--no-optional-locks', '-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.error || head.status !== 0) return 'unknown';
  const dirty = git(['diff', '--quiet', 'HEAD', '--', 'src']).status === 1;
  return `${head.stdout.trim()}${dirty ? ' + uncommitted src changes' : ''} (HEAD at run time)`;
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: (cpus[0] && cpus[0].model ? cpus[0].model : 'unknown CPU').replace(/\s+/g, ' ').trim(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * The command line that reproduces this run: the BENCH_* variables that were set, preceded by
 * `defaults` (name → value) for those that were not, then `npm run <npmScript>` when run that way,
 * else `node <script>`.
 */
function reproduceCommand(npmScript, script, defaults = {}) {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_BUILD_LABEL')
    .sort()
    .map((k) => `${k}=${/^[\w.,/=-]*$/.test(process.env[k]) ? process.env[k] : JSON.stringify(process.env[k])}`);
  const unset = Object.entries(defaults).filter(([k]) => !process.env[k]);
  vars.unshift(...unset.map(([k, v]) => `${k}=${v}`));
  const base = process.env.npm_lifecycle_event === npmScript ? `npm run ${npmScript}` : `node ${script}`;
  return `${vars.join(' ')} ${base}`.trim();
}

module.exports = { buildLabel, machine, reproduceCommand };
