'use strict';
/**
 * POST /ask exact-cache hit: the real service (node dist/main.js) against a bare Fastify floor
 * (bench/floor-server.js) doing the same per-request work, under the same autocannon load.
 *
 *   npm run build && npm run bench:ask-hit
 *
 * One run:
 *   1. starts a private redis-server on a free port (--save "" --appendonly no; never 6379) and a
 *      fake OpenAI-compatible server in this process (POST /v1/chat/completions, fixed answer);
 *   2. starts the service with REDIS_URL/OPENAI_BASE_URL pointing at them and EMBED_PROVIDER=lexical,
 *      waits for GET /health/ready = 200, asks once (source must be "llm"), asks again
 *      (source must be "prompt_cache");
 *   3. autocannon: POST /ask with that question, warm-up (discarded) then the measured run;
 *   4. stops the service, starts the floor on the same Redis key, checks it answers the same
 *      cached answer, same autocannon runs;
 *   5. prints a markdown table and the service/floor req/s ratio, and rewrites the section
 *      "## POST /ask exact hit vs bare Fastify floor" of docs/BENCHMARKS.md (keeping a run history);
 *   6. kills every child process it started, on success, failure, Ctrl-C or the global timeout.
 * All traffic goes to 127.0.0.1. Only one server is under load at a time.
 *
 * Env (all optional):
 *   BENCH_DURATION      measured seconds per target (default 10)
 *   BENCH_WARMUP        warm-up seconds per target, discarded (default 3)
 *   BENCH_CONNECTIONS   autocannon connections (default 50)
 *   BENCH_TARGETS       "service,floor" (default), "service" or "floor"
 *   BENCH_SERVICE_NODE_ARGS  extra node flags for the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   BENCH_FLOOR_NODE_ARGS    the same for the floor server
 *                       (with either, the docs are not written unless BENCH_WRITE_DOCS=1)
 *   BENCH_WRITE_DOCS    1/0: write docs/BENCHMARKS.md (default 1; 0 when the run is partial or profiled)
 *   BENCH_ENFORCE       1: exit 1 when the ratio is below the target
 * Exit code: 0 on a valid run, 1 on any failure (non-2xx, errors, mismatches, timeout...).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const Redis = require('ioredis');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_ENTRY = path.join(ROOT, 'dist', 'main.js');
const FLOOR_ENTRY = path.join(__dirname, 'floor-server.js');
const DOC_PATH = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTION_TITLE = '## POST /ask exact hit vs bare Fastify floor';
const HISTORY_START = '<!-- ask-hit-history:start -->';
const HISTORY_END = '<!-- ask-hit-history:end -->';
const HISTORY_KEEP = 20;
const TARGET_RATIO = 0.75;

const HOST = '127.0.0.1';
const MODEL = 'gpt-4o-mini';
const NAMESPACE = 'default';
const QUESTION = 'What is the capital of France, and why did it become the capital?';
const ANSWER =
  'Paris is the capital of France. It grew from a Roman settlement on the Seine into the seat of the ' +
  'Capetian kings, and the royal administration, trade routes and later the Revolution kept power there.';

function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const TARGETS = (process.env.BENCH_TARGETS || 'service,floor').split(',').map((t) => t.trim()).filter(Boolean);
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FLOOR_NODE_ARGS = (process.env.BENCH_FLOOR_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FULL_RUN = TARGETS.includes('service') && TARGETS.includes('floor');
const WRITE_DOCS =
  process.env.BENCH_WRITE_DOCS !== undefined ? process.env.BENCH_WRITE_DOCS === '1' : FULL_RUN && SERVICE_NODE_ARGS.length === 0 && FLOOR_NODE_ARGS.length === 0;
for (const t of TARGETS) if (t !== 'service' && t !== 'floor') throw new Error(`BENCH_TARGETS: unknown target ${t}`);

// Bounded in time: boot + checks + every autocannon run, with a generous margin.
const GLOBAL_TIMEOUT_MS = (TARGETS.length * (WARMUP + DURATION) + 120) * 1000;

// ---------------------------------------------------------------------------------------------
// Child process bookkeeping and cleanup

const children = new Set();
let tmpDir;
let fakeServer;
let currentCannon;

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Spawns a child, keeps the tail of its output for diagnostics, and registers it for cleanup. */
function startChild(name, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.benchName = name;
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-16_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      child.exitInfo = { code, signal };
      resolve(child.exitInfo);
    });
  });
  child.once('error', (error) => {
    child.output += `\nspawn error: ${error.message}`;
  });
  children.add(child);
  return child;
}

/** SIGTERM, then SIGKILL after graceMs. Resolves once the child has exited. */
async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitInfo) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

async function cleanup() {
  if (currentCannon) {
    try {
      currentCannon.stop();
    } catch {
      /* already stopped */
    }
  }
  await Promise.all([...children].map((child) => stopChild(child, 3000)));
  if (fakeServer) {
    fakeServer.closeAllConnections?.();
    await new Promise((resolve) => fakeServer.close(() => resolve()));
    fakeServer = undefined;
  }
  if (tmpDir) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    tmpDir = undefined;
  }
}

// Last resort: whatever still runs when this process exits is killed synchronously.
process.on('exit', () => {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
});

let failing = false;
async function fail(error) {
  if (failing) return;
  failing = true;
  log(`FAILED: ${error && error.stack ? error.stack : error}`);
  for (const child of children) {
    if (child.output.trim()) log(`--- last output of ${child.benchName} ---\n${child.output.trim()}\n---`);
  }
  try {
    await cleanup();
  } finally {
    process.exit(1);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => fail(new Error(`interrupted by ${signal}`)));
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// ---------------------------------------------------------------------------------------------
// Helpers

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port the OS says is free on 127.0.0.1 (never 6379, the machine's own Redis). */
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

/** One HTTP request to 127.0.0.1; resolves { status, body } with the body parsed as JSON when possible. */
function request(port, method, urlPath, body, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: HOST,
        port,
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

/** Polls GET urlPath until 200, failing early if the child exits. */
async function waitReady(child, port, urlPath, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitInfo) throw new Error(`${child.benchName} exited early (${JSON.stringify(child.exitInfo)})`);
    try {
      const res = await request(port, 'GET', urlPath, undefined, 1000);
      if (res.status === 200) return;
      last = `status ${res.status}: ${res.text.slice(0, 300)}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(150);
  }
  throw new Error(`${child.benchName} not ready on ${urlPath} within ${timeoutMs} ms (last: ${last})`);
}

function assert(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Private Redis and fake OpenAI upstream

async function startRedis() {
  const port = await freePort();
  const child = startChild(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--dir', tmpDir, '--daemonize', 'no'],
    { cwd: tmpDir },
  );
  const client = new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitInfo) throw new Error(`redis-server exited early (${JSON.stringify(child.exitInfo)})`);
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (error) {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server not reachable on ${port}: ${error.message}`);
      await sleep(100);
    }
  }
  return { child, port, url: `redis://${HOST}:${port}`, client };
}

async function startFakeOpenAi() {
  const stats = { chatCalls: 0, other: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        stats.chatCalls++;
        let model = MODEL;
        try {
          model = JSON.parse(raw).model || MODEL;
        } catch {
          /* keep default */
        }
        const body = JSON.stringify({
          id: `chatcmpl-bench-${stats.chatCalls}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: ANSWER, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: 18, completion_tokens: 42, total_tokens: 60 },
        });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      stats.other++;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `fake upstream: no route ${req.method} ${req.url}` } }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  fakeServer = server;
  return { port: server.address().port, stats };
}

/** Only what the children need: nothing from the developer's shell (say, a REDIS_URL) leaks in. */
function baseEnv() {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || os.tmpdir(), NODE_ENV: 'production' };
  if (process.env.LANG) env.LANG = process.env.LANG;
  return env;
}

// ---------------------------------------------------------------------------------------------
// The two targets

async function startService(redisUrl, upstreamPort) {
  if (!fs.existsSync(SERVICE_ENTRY)) throw new Error(`${SERVICE_ENTRY} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const env = {
    ...baseEnv(),
    PORT: String(port),
    HOST,
    REDIS_URL: redisUrl,
    OPENAI_BASE_URL: `http://${HOST}:${upstreamPort}/v1`,
    OPENAI_API_KEY: 'bench-fake-key',
    LLM_MODEL: MODEL,
    LLM_MAX_RETRIES: '0',
    EMBED_PROVIDER: 'lexical',
  };
  // cwd is the private temp dir so that a developer's .env in the repo cannot change the run.
  const child = startChild('service', process.execPath, [...SERVICE_NODE_ARGS, SERVICE_ENTRY], { cwd: tmpDir, env });
  await waitReady(child, port, '/health/ready', 30_000);
  return { child, port };
}

async function startFloor(redisUrl) {
  const port = await freePort();
  const env = { ...baseEnv(), PORT: String(port), HOST, REDIS_URL: redisUrl, NAMESPACE, LLM_MODEL: MODEL };
  const child = startChild('floor', process.execPath, [...FLOOR_NODE_ARGS, FLOOR_ENTRY], { cwd: tmpDir, env });
  await waitReady(child, port, '/health/ready', 15_000);
  return { child, port };
}

/** autocannon against POST /ask; every response must be a 2xx exact-cache hit. */
function cannon(port, seconds, title) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        title,
        url: `http://${HOST}:${port}/ask`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: QUESTION }),
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        // A cheap substring check, the same for both targets: every response must be a hit.
        verifyBody: (body) => body.includes('"source":"prompt_cache"'),
      },
      (error, result) => {
        currentCannon = undefined;
        if (error) reject(error);
        else resolve(result);
      },
    );
    currentCannon = instance;
  });
}

function summarise(result) {
  return {
    reqPerSec: result.requests.average,
    reqPerSecStddev: result.requests.stddev,
    reqPerSecMin: result.requests.min,
    reqPerSecMax: result.requests.max,
    p50: result.latency.p50,
    p99: result.latency.p99,
    latencyMean: result.latency.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    duration: result.duration,
  };
}

async function measure(name, port) {
  log(`${name}: warm-up ${WARMUP} s (discarded)`);
  const warm = summarise(await cannon(port, WARMUP, `${name} warm-up`));
  log(`${name}: warm-up ${warm.reqPerSec.toFixed(0)} req/s, non-2xx ${warm.non2xx}`);
  log(`${name}: measuring ${DURATION} s, ${CONNECTIONS} connections`);
  const stats = summarise(await cannon(port, DURATION, name));
  log(`${name}: ${stats.reqPerSec.toFixed(0)} req/s (per-second min ${stats.reqPerSecMin}, max ${stats.reqPerSecMax}), p50 ${stats.p50} ms, p99 ${stats.p99} ms, non-2xx ${stats.non2xx}`);
  for (const [label, s] of [['warm-up', warm], ['measured run', stats]]) {
    assert(s.non2xx === 0, `${name} ${label}: ${s.non2xx} non-2xx responses`);
    assert(s.errors === 0 && s.timeouts === 0, `${name} ${label}: ${s.errors} errors, ${s.timeouts} timeouts`);
    assert(s.mismatches === 0, `${name} ${label}: ${s.mismatches} responses were not prompt_cache hits`);
    assert(s.total > 0, `${name} ${label}: no request completed`);
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(n, digits = 0) {
  return Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The command line that reproduces this run (BENCH_* variables that were set included). */
function reproduceCommand() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${/^[\w.,/=-]*$/.test(process.env[k]) ? process.env[k] : JSON.stringify(process.env[k])}`);
  if (!process.env.BENCH_DURATION) vars.unshift(`BENCH_DURATION=${DURATION}`);
  const base = process.env.npm_lifecycle_event === 'bench:ask-hit' ? 'npm run bench:ask-hit' : 'node bench/ask-hit.js';
  return `${vars.join(' ')} ${base}`.trim();
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

function resultTable(results) {
  const rows = [
    '| target | req/s (mean) | req/s per-second min–max | latency p50 (ms) | latency p99 (ms) | requests | non-2xx | errors / timeouts |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const label = { service: 'service (`node dist/main.js`, Nest 11 + Fastify)', floor: 'floor (`bench/floor-server.js`, bare Fastify)' };
  for (const [name, s] of Object.entries(results)) {
    rows.push(`| ${label[name]} | ${fmt(s.reqPerSec)} | ${fmt(s.reqPerSecMin)}–${fmt(s.reqPerSecMax)} | ${s.p50} | ${s.p99} | ${fmt(s.total)} | ${s.non2xx} | ${s.errors} / ${s.timeouts} |`);
  }
  return rows.join('\n');
}

function renderSection(results, ratio, when, command, history) {
  const m = machine();
  const met = ratio >= TARGET_RATIO;
  return [
    SECTION_TITLE,
    '',
    '_This section is rewritten by `bench/ask-hit.js` on every full run; the history table below keeps earlier runs._',
    '',
    'What is measured: `POST /ask {"question": ...}` answered from the exact cache (Redis `GET` of',
    '`prompt_cache:<namespace>:<sha256>`), through the real service, against a floor: a bare Fastify',
    'server (`bench/floor-server.js`) doing the same per-request work (JSON body parse, NFKC/trim/collapse',
    'normalisation, SHA-256 key, one ioredis `GET` of the same key in the same Redis, JSON reply of the same',
    'shape) without Nest, validation, filters or metrics. The ratio says how much of the floor the service keeps.',
    '',
    `**Target: service/floor req/s ratio ≥ ${TARGET_RATIO}.**`,
    '',
    `### Latest run: ${when}`,
    '',
    `Command: \`npm run build && ${command}\``,
    '',
    `- Machine: ${m.cores} cores (${m.cpuModel}), ${m.platform}, Node ${m.node}.`,
    '  The server under test, its private `redis-server` and autocannon all share these cores.',
    `- Load: autocannon ${require('autocannon/package.json').version} (in the bench process), ${CONNECTIONS} connections, pipelining 1,`,
    `  ${WARMUP} s warm-up (discarded) then ${DURATION} s measured, per target. The targets run one after`,
    '  the other, never at the same time; the service is stopped before the floor starts.',
    '- Setup: private `redis-server --save "" --appendonly no` on a free port; a fake OpenAI-compatible',
    '  server inside the bench answers the one miss; `EMBED_PROVIDER=lexical`. Every response is checked',
    '  to be a 2xx `"source":"prompt_cache"` hit (non-2xx, errors and mismatches must all be 0).',
    '',
    resultTable(results),
    '',
    `Ratio service/floor (req/s): **${ratio.toFixed(2)}**, target ≥ ${TARGET_RATIO}: **${met ? 'met' : 'NOT met'}**.`,
    '',
    '### Run history',
    '',
    'Each row is one full run of the command in its row (same machine unless noted), newest last.',
    '',
    HISTORY_START,
    '| date (UTC) | command | service req/s | floor req/s | ratio | service p50 / p99 ms | floor p50 / p99 ms |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...history,
    HISTORY_END,
    '',
  ].join('\n');
}

function docIntro() {
  const m = machine();
  return [
    '# Benchmarks',
    '',
    'Measured performance figures of the LLM cache service, each with the exact command that produced it.',
    'Run `npm run build` first: the benchmarks start the compiled service (`dist/main.js`).',
    '',
    `Machine for the figures below unless a section says otherwise: ${m.cores} cores (${m.cpuModel}),`,
    `Node ${m.node}. Server, Redis and load generator share those cores, so absolute numbers are low;`,
    'compare ratios and runs on the same machine rather than absolute req/s across machines.',
    '',
  ].join('\n');
}

function writeDocs(results, ratio, command) {
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let doc = fs.existsSync(DOC_PATH) ? fs.readFileSync(DOC_PATH, 'utf8') : docIntro();
  const start = doc.indexOf(`${SECTION_TITLE}\n`);
  let before = doc;
  let after = '';
  let history = [];
  if (start !== -1) {
    const next = doc.indexOf('\n## ', start + SECTION_TITLE.length);
    const end = next === -1 ? doc.length : next + 1;
    const old = doc.slice(start, end);
    const h0 = old.indexOf(HISTORY_START);
    const h1 = old.indexOf(HISTORY_END);
    if (h0 !== -1 && h1 > h0) {
      history = old
        .slice(h0 + HISTORY_START.length, h1)
        .split('\n')
        .filter((line) => /^\| \d{4}-/.test(line));
    }
    before = doc.slice(0, start);
    after = doc.slice(end);
  } else if (!before.endsWith('\n\n')) {
    before = before.replace(/\n*$/, '\n\n');
  }
  const s = results.service;
  const f = results.floor;
  history.push(
    `| ${when} | \`${command}\` | ${fmt(s.reqPerSec)} | ${fmt(f.reqPerSec)} | ${ratio.toFixed(2)} | ${s.p50} / ${s.p99} | ${f.p50} / ${f.p99} |`,
  );
  history = history.slice(-HISTORY_KEEP);
  doc = before + renderSection(results, ratio, when, command, history) + (after ? `\n${after.replace(/^\n+/, '')}` : '');
  fs.mkdirSync(path.dirname(DOC_PATH), { recursive: true });
  fs.writeFileSync(DOC_PATH, doc);
  log(`wrote ${path.relative(ROOT, DOC_PATH)}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const globalTimer = setTimeout(() => fail(new Error(`global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s exceeded`)), GLOBAL_TIMEOUT_MS);
  globalTimer.unref();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ask-hit-bench-'));

  const redis = await startRedis();
  log(`private redis-server on ${redis.url}`);
  const upstream = await startFakeOpenAi();
  log(`fake OpenAI upstream on http://${HOST}:${upstream.port}/v1`);

  const results = {};
  let cacheKey;
  let answer;

  if (TARGETS.includes('service')) {
    const service = await startService(redis.url, upstream.port);
    log(`service ready on ${service.port}`);
    const first = await request(service.port, 'POST', '/ask', { question: QUESTION });
    assert(first.status === 200, `first ask: status ${first.status}: ${first.text.slice(0, 500)}`);
    assert(first.body.source === 'llm', `first ask: source ${first.body.source}, expected llm`);
    assert(upstream.stats.chatCalls === 1, `first ask: ${upstream.stats.chatCalls} upstream calls, expected 1`);
    const repeat = await request(service.port, 'POST', '/ask', { question: QUESTION });
    assert(repeat.status === 200, `repeat ask: status ${repeat.status}`);
    assert(repeat.body.source === 'prompt_cache', `repeat ask: source ${repeat.body.source}, expected prompt_cache`);
    assert(repeat.body.answer === ANSWER, 'repeat ask: answer differs from the upstream answer');
    cacheKey = repeat.body.cacheKey;
    answer = repeat.body.answer;
    assert(typeof (await redis.client.get(cacheKey)) === 'string', `key ${cacheKey} is not in the private Redis`);
    log(`checks passed: llm then prompt_cache, key ${cacheKey}`);

    results.service = await measure('service', service.port);
    assert(upstream.stats.chatCalls === 1, `upstream was called ${upstream.stats.chatCalls} times; hits must not call it`);
    await stopChild(service.child, 10_000);
  }

  if (TARGETS.includes('floor')) {
    if (!cacheKey) {
      // Floor alone: seed the key the way the service would have stored it.
      const { createHash } = require('node:crypto');
      const normalized = QUESTION.normalize('NFKC').trim().replace(/\s+/gu, ' ');
      cacheKey = `prompt_cache:${NAMESPACE}:${createHash('sha256').update([MODEL, normalized].join('\u0000')).digest('hex')}`;
      answer = ANSWER;
      const value = JSON.stringify({ answer: ANSWER, question: normalized, model: MODEL, createdAt: Date.now(), tokens: 42 });
      await redis.client.set(cacheKey, value, 'EX', 3600);
    }
    const floor = await startFloor(redis.url);
    log(`floor ready on ${floor.port}`);
    const check = await request(floor.port, 'POST', '/ask', { question: QUESTION });
    assert(check.status === 200, `floor ask: status ${check.status}: ${check.text.slice(0, 300)}`);
    assert(check.body.cacheKey === cacheKey, `floor key ${check.body.cacheKey} differs from the service key ${cacheKey}`);
    assert(check.body.answer === answer, 'floor answer differs from the service answer');
    results.floor = await measure('floor', floor.port);
    await stopChild(floor.child);
  }

  redis.client.disconnect();
  await stopChild(redis.child);
  await cleanup();
  clearTimeout(globalTimer);

  const command = reproduceCommand();
  console.log(`\nPOST /ask exact hit, ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up), ${machine().cores} cores, Node ${process.version}\n`);
  console.log(resultTable(results));
  let ratio;
  if (results.service && results.floor) {
    ratio = results.service.reqPerSec / results.floor.reqPerSec;
    console.log(`\nRatio service/floor (req/s): ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`);
  }
  console.log(`Command: ${command}\n`);

  if (WRITE_DOCS && ratio !== undefined) writeDocs(results, ratio, command);
  else log('docs/BENCHMARKS.md not written (partial or profiled run, or BENCH_WRITE_DOCS=0)');
  if (process.env.BENCH_ENFORCE === '1' && ratio !== undefined && ratio < TARGET_RATIO) {
    log(`ratio ${ratio.toFixed(2)} is below the target ${TARGET_RATIO}`);
    process.exitCode = 1;
  }
}

main().catch(fail);
