'use strict';
// Run history of the benches: one JSON array per bench in bench/results/<bench>.json, one record
// appended per run that writes the docs. docs/BENCHMARKS.md holds only the latest figures.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');

/** { commit, uncommittedSrc } of the build measured: BENCH_BUILD_LABEL, else the short HEAD. */
function commitInfo() {
  if (process.env.BENCH_BUILD_LABEL) return { commit: process.env.BENCH_BUILD_LABEL };
  const git = (args) => spawnSync('git', ['--no-optional-locks', '-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.error || head.status !== 0) return { commit: 'unknown' };
  const dirty = git(['diff', '--quiet', 'HEAD', '--', 'src']).status === 1;
  return dirty ? { commit: head.stdout.trim(), uncommittedSrc: true } : { commit: head.stdout.trim() };
}

/**
 * Appends { date, commit, command, machine, figures } to bench/results/<bench>.json (created when
 * missing). `figures` holds the run's key numbers, named with their unit.
 */
function appendResult(bench, { date, command, machine, figures }) {
  const file = path.join(ROOT, 'bench', 'results', `${bench}.json`);
  const runs = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
  runs.push({ date, ...commitInfo(), command, machine, figures });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
  return path.relative(ROOT, file);
}

module.exports = { appendResult };
