'use strict';
/**
 * The light install: `npm ci --omit=optional --omit=dev` gives a working service under a size limit.
 *
 *   1. copies package.json, package-lock.json and .npmrc into a private temp dir and runs
 *      `npm ci --omit=optional --omit=dev --ignore-scripts` there (needs the npm registry),
 *   2. measures node_modules: disk usage (what `du -sh` shows) and apparent size, biggest packages,
 *   3. copies the built dist/ next to it and starts `node dist/main.js` (lexical embedder, in-process
 *      store, a fake OpenAI upstream): POST /ask must answer from the LLM, then the exact layer for
 *      the same question, then the semantic layer for a paraphrase,
 *   4. starts it with EMBED_PROVIDER=local: boot must fail with a message naming
 *      @huggingface/transformers (the optional package left out).
 * Fails (exit 1) when node_modules is BENCH_MAX_MB MiB or more or a step above does not hold.
 * Writes its section of docs/BENCHMARKS.md unless BENCH_WRITE_DOCS=0.
 *
 * Run `npm run build` first (`npm run check:light-install` does, and compiles the fake upstream).
 * Variables: BENCH_MAX_MB (default 200), BENCH_WRITE_DOCS (default 1), BENCH_COMPARE_FULL (1: also
 * measure the full `npm ci --omit=dev`, for the docs; another download of about 600 MB).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');
const {
  startChild,
  baseEnv,
  makeTmpDir,
  cleanup,
  fail,
  installFailureHandlers,
  globalTimeout,
} = require('./lib/children');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { startFakeUpstream } = require('./lib/fake-upstream');
const { request } = require('./lib/http');
const { startNodeServer } = require('./lib/node-server');
const { HOST, freePort } = require('./lib/ports');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { log, assert } = require('./lib/util');
const { packageSizes } = require('./lib/package-sizes');

const ROOT = path.resolve(__dirname, '..');
const MAX_MIB = Number(process.env.BENCH_MAX_MB || 200);
const WRITE_DOCS = process.env.BENCH_WRITE_DOCS !== '0';
const COMPARE_FULL = process.env.BENCH_COMPARE_FULL === '1';
const MIB = 1024 * 1024;
const TOP = 10;

/** `npm ci` with `omit` (e.g. ['optional', 'dev']) of the repository's lock and .npmrc in dir; returns its duration in ms. */
function install(dir, omit) {
  for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
    if (fs.existsSync(path.join(ROOT, file))) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  const args = ['ci', ...omit.map((o) => `--omit=${o}`), '--ignore-scripts'];
  log(`npm ${args.join(' ')} in ${dir}`);
  const started = Date.now();
  const npm = spawnSync('npm', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  assert(npm.status === 0, `npm ci exited with ${npm.status ?? npm.signal ?? npm.error}`);
  return Date.now() - started;
}

/** node_modules of the full install (optional dependencies kept), for comparison; removed afterwards. */
function fullInstallSize() {
  const dir = makeTmpDir('llm-cache-full-');
  install(dir, ['dev']);
  const sizes = packageSizes(path.join(dir, 'node_modules'));
  fs.rmSync(dir, { recursive: true, force: true });
  return sizes;
}

/** The seed's walkthrough on the installed copy: LLM, then the exact layer, then the semantic layer. */
async function checkAnswers(dir) {
  const upstream = await startFakeUpstream({ answer: 'A cache keeps answers close by.' });
  const { port } = await startNodeServer('service', path.join(dir, 'dist', 'main.js'), {
    dir,
    env: { OPENAI_BASE_URL: upstream.baseUrl, OPENAI_API_KEY: 'check-fake-key', EMBED_PROVIDER: 'lexical' },
    readyTimeoutMs: 60_000,
  });
  const sources = [];
  for (const question of ['什么是缓存？', '什么是缓存？', '請解釋快取是什麼']) {
    const res = await request(port, 'POST', '/ask', { question });
    assert(res.status === 201 || res.status === 200, `POST /ask ${question}: ${res.status} ${res.text.slice(0, 300)}`);
    sources.push(res.body.source);
  }
  log(`/ask sources: ${sources.join(', ')}`);
  assert(sources.join() === 'llm,prompt_cache,semantic_cache', `sources ${sources.join(', ')}`);
  return sources;
}

/** EMBED_PROVIDER=local without the optional runtime: boot fails and says which package to install. */
async function checkLocalRefused(dir) {
  const modelDir = path.join(dir, 'model');
  fs.mkdirSync(modelDir, { recursive: true });
  const env = {
    ...baseEnv(),
    PORT: String(await freePort()),
    HOST,
    EMBED_PROVIDER: 'local',
    EMBED_MODEL_DIR: modelDir,
  };
  const child = startChild('service (local)', process.execPath, [path.join(dir, 'dist', 'main.js')], { cwd: dir, env });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  assert(code !== 0, `EMBED_PROVIDER=local booted (exit ${code})`);
  const line = child.output.split('\n').find((l) => l.includes('@huggingface/transformers'));
  assert(
    line !== undefined,
    `EMBED_PROVIDER=local failed without naming @huggingface/transformers:\n${child.output.slice(-2000)}`,
  );
  const text = stripVTControlCharacters(line);
  return (text.match(/[^:]*@huggingface\/transformers.*$/) ?? [text])[0].trim();
}

function docsSection(run, sizes, full, message) {
  const mib = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`;
  const title = '## Light install (bench/light-install.js)';
  return [
    ...sectionHead(
      title,
      `\`npm ci --omit=optional --omit=dev\`: the service without the \`local\` embedder's runtime. Limit: node_modules under ${MAX_MIB} MiB, and the service answers /ask (LLM, exact, semantic).`,
      run,
    ),
    `node_modules: **${mib(sizes.diskBytes)}** on disk (\`du -sh\`, 4 KiB blocks), ${mib(sizes.apparentBytes)} of file contents, ${sizes.packages.length} packages${
      full
        ? ` (full install, \`npm ci --omit=dev\`: ${mib(full.diskBytes)} on disk, ${mib(full.apparentBytes)} of contents)`
        : ''
    }. Biggest:`,
    '',
    '| package | on disk |',
    '|---|---|',
    ...sizes.packages.slice(0, TOP).map((p) => `| ${p.name} | ${mib(p.diskBytes)} |`),
    '',
    `/ask answered from the LLM, then the exact layer, then the semantic layer for a paraphrase. \`EMBED_PROVIDER=local\` stops boot: "${message}"`,
    '',
  ].join('\n');
}

async function main() {
  installFailureHandlers();
  const timer = globalTimeout(15 * 60_000);
  assert(fs.existsSync(path.join(ROOT, 'dist', 'main.js')), 'dist/main.js is missing: run `npm run build` first');
  const dir = makeTmpDir('llm-cache-light-');
  const installMs = install(dir, ['optional', 'dev']);
  const sizes = packageSizes(path.join(dir, 'node_modules'));
  log(
    `node_modules: ${(sizes.diskBytes / MIB).toFixed(1)} MiB on disk, ${(sizes.apparentBytes / MIB).toFixed(1)} MiB apparent`,
  );
  for (const p of sizes.packages.slice(0, TOP)) log(`  ${(p.diskBytes / MIB).toFixed(1).padStart(6)} MiB  ${p.name}`);
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  await checkAnswers(dir);
  const message = await checkLocalRefused(dir);
  log(`EMBED_PROVIDER=local refused: ${message}`);
  assert(
    sizes.diskBytes < MAX_MIB * MIB,
    `node_modules is ${(sizes.diskBytes / MIB).toFixed(1)} MiB, limit ${MAX_MIB} MiB`,
  );
  const full = COMPARE_FULL ? fullInstallSize() : undefined;
  if (full)
    log(
      `full install: ${(full.diskBytes / MIB).toFixed(1)} MiB on disk, ${(full.apparentBytes / MIB).toFixed(1)} MiB apparent`,
    );
  if (WRITE_DOCS) {
    const run = {
      date: new Date().toISOString().slice(0, 16) + 'Z',
      command: reproduceCommand('check:light-install', 'bench/light-install.js'),
      build: buildLabel(),
      machine: machine(),
    };
    writeSection(
      path.join(ROOT, 'docs', 'BENCHMARKS.md'),
      '## Light install (bench/light-install.js)',
      docsSection(run, sizes, full, message),
    );
    log('docs/BENCHMARKS.md updated');
  }
  log(`light install OK (npm ci ${(installMs / 1000).toFixed(0)} s)`);
  clearTimeout(timer);
  await cleanup();
}

main().catch(fail);
