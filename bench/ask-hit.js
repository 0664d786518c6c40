'use strict';
/**
 * POST /ask exact-cache hit: the real service (node dist/main.js) against a bare Fastify floor
 * (bench/floor-server.js) doing the same per-request work, under the same autocannon load.
 *
 *   npm run build && npm run bench:ask-hit
 *
 * One run:
 *   1. pins CPUs (unless BENCH_PIN=0, or taskset / a second core is missing): the server under test
 *      gets the first allowed core to itself; the private redis-server and this process (autocannon,
 *      the fake upstream) share the second one. Every pinning is read back from /proc and checked;
 *   2. starts a private redis-server on a free port (--save "" --appendonly no; never 6379) and a
 *      fake OpenAI-compatible server in this process (POST /v1/chat/completions, fixed answer);
 *   3. starts the service with REDIS_URL/OPENAI_BASE_URL pointing at them and EMBED_PROVIDER=lexical,
 *      waits for GET /health/ready = 200, asks once (source must be "llm"), asks again
 *      (source must be "prompt_cache"); starts the floor on the same Redis key and checks it answers
 *      the same cached answer. Both servers then stay up (idle when not under load) for the whole run,
 *      and each gets one BENCH_INITIAL_WARMUP autocannon warm-up (discarded) before round 1;
 *   4. BENCH_ROUNDS interleaved rounds: each round measures both targets one after the other (never
 *      at the same time), service first in odd rounds and floor first in even rounds, each with its
 *      own autocannon warm-up (discarded) then the measured run;
 *   5. prints per-round tables, the per-round service/floor req/s ratios and their MEDIAN (the
 *      headline), and rewrites the section "## POST /ask exact hit vs bare Fastify floor" of
 *      docs/BENCHMARKS.md (keeping a run history);
 *   6. kills every child process it started, on success, failure, Ctrl-C or the global timeout.
 * All traffic goes to 127.0.0.1.
 *
 * Env (all optional):
 *   BENCH_ROUNDS        interleaved rounds (default 3)
 *   BENCH_DURATION      measured seconds per target and round (default 8)
 *   BENCH_WARMUP        warm-up seconds per target and round, discarded (default 3)
 *   BENCH_INITIAL_WARMUP  one extra warm-up per target before round 1, discarded (default 5), so that
 *                       round 1 does not measure a JIT that is still cold
 *   BENCH_CONNECTIONS   autocannon connections (default 50)
 *   BENCH_TARGETS       "service,floor" (default), "service" or "floor"
 *   BENCH_PIN           0: no CPU pinning; 1: pinning required (fail if impossible);
 *                       unset: pin when taskset exists and at least 2 CPUs are allowed
 *   BENCH_SERVICE_ENTRY the service's compiled entry (default dist/main.js; relative paths are
 *                       resolved from the current directory). Use a copy of dist/ inside the repo
 *                       (so node_modules resolves) to measure a fixed build while dist/ is rebuilt.
 *   BENCH_BUILD_LABEL   what the doc says was measured (default: `git rev-parse --short HEAD`)
 *   BENCH_SERVICE_NODE_ARGS  extra node flags for the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   BENCH_FLOOR_NODE_ARGS    the same for the floor server
 *                       (with either, the docs are not written unless BENCH_WRITE_DOCS=1)
 *   BENCH_WRITE_DOCS    1/0: write docs/BENCHMARKS.md (default 1; 0 when the run is partial or profiled)
 *   BENCH_ENFORCE       1: exit 1 when the median ratio is below the target
 * Exit code: 0 on a valid run, 1 on any failure (non-2xx, errors, mismatches, pinning, timeout...).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const Redis = require('ioredis');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_ENTRY = process.env.BENCH_SERVICE_ENTRY ? path.resolve(process.env.BENCH_SERVICE_ENTRY) : path.join(ROOT, 'dist', 'main.js');
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

const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 3));
const DURATION = envNumber('BENCH_DURATION', 8);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const INITIAL_WARMUP = envNumber('BENCH_INITIAL_WARMUP', 5);
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const TARGETS = (process.env.BENCH_TARGETS || 'service,floor').split(',').map((t) => t.trim()).filter(Boolean);
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FLOOR_NODE_ARGS = (process.env.BENCH_FLOOR_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FULL_RUN = TARGETS.includes('service') && TARGETS.includes('floor');
const WRITE_DOCS =
  process.env.BENCH_WRITE_DOCS !== undefined ? process.env.BENCH_WRITE_DOCS === '1' : FULL_RUN && SERVICE_NODE_ARGS.length === 0 && FLOOR_NODE_ARGS.length === 0;
for (const t of TARGETS) if (t !== 'service' && t !== 'floor') throw new Error(`BENCH_TARGETS: unknown target ${t}`);
if (!['', '0', '1'].includes(process.env.BENCH_PIN || '')) throw new Error(`BENCH_PIN must be 0 or 1, got ${JSON.stringify(process.env.BENCH_PIN)}`);

// Bounded in time: boot + checks + every autocannon run, with a generous margin.
const GLOBAL_TIMEOUT_MS = (TARGETS.length * (INITIAL_WARMUP + ROUNDS * (WARMUP + DURATION)) + 120) * 1000;

// ---------------------------------------------------------------------------------------------
// CPU pinning and CPU accounting (Linux /proc)

/** Expands a cpu list such as "0-1,4" into [0, 1, 4]. */
function parseCpuList(text) {
  const cpus = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b === undefined ? a : b); c++) cpus.push(c);
  }
  return cpus;
}

/** The CPUs a process may run on, from /proc/<pid>/status; undefined when unreadable. */
function allowedCpus(pid = 'self') {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
    return line ? parseCpuList(line.split(':')[1]) : undefined;
  } catch {
    return undefined;
  }
}

function hasTaskset() {
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/**
 * { server, others } CPU numbers when pinning, undefined when not. The server under test gets the
 * first allowed CPU alone; redis-server and this process (autocannon + fake upstream) get the second.
 */
function pinPlan() {
  const wanted = process.env.BENCH_PIN;
  if (wanted === '0') return undefined;
  const cpus = allowedCpus() || [];
  const why = !hasTaskset() ? 'taskset not found' : cpus.length < 2 ? `only ${cpus.length || 'an unknown number of'} CPU(s) allowed` : undefined;
  if (why) {
    if (wanted === '1') throw new Error(`BENCH_PIN=1 but pinning is impossible: ${why}`);
    process.stderr.write(`[bench] no CPU pinning: ${why}\n`);
    return undefined;
  }
  return { server: cpus[0], others: cpus[1] };
}

const PIN = pinPlan();

/** Runs this process (every thread: main, libuv pool, V8 workers) on one CPU only. */
function pinSelf(cpu) {
  const res = spawnSync('taskset', ['-a', '-c', '-p', String(cpu), String(process.pid)], { encoding: 'utf8' });
  if (res.error || res.status !== 0) throw new Error(`taskset -a -c -p ${cpu} ${process.pid} failed: ${res.error ? res.error.message : res.stderr}`);
}

/** Checks that a process really is confined to the one CPU it was pinned to. */
function assertPinned(pid, cpu, name) {
  const cpus = allowedCpus(pid);
  if (!cpus || cpus.length !== 1 || cpus[0] !== cpu) throw new Error(`${name} (pid ${pid}) should be pinned to CPU ${cpu}, allowed CPUs: ${cpus ? cpus.join(',') : 'unknown'}`);
}

/** Spawn arguments, wrapped in `taskset -c <cpu>` when pinning (taskset execs, so the pid is the real process). */
function pinned(cpu, command, args) {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

const DISTURBED_PCT = 10; // other processes above this share of a core mark a measurement as disturbed
const CLK_TCK = 100; // USER_HZ: 100 on every Linux architecture Node supports

/** utime + stime of a process in seconds (all threads). */
function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of proc(5)
  } catch {
    return NaN;
  }
}

/** Per-CPU { busy, total } jiffies from /proc/stat. */
function cpuTimes() {
  const out = {};
  try {
    for (const line of fs.readFileSync('/proc/stat', 'utf8').split('\n')) {
      const m = line.match(/^cpu(\d+) (.*)$/);
      if (!m) continue;
      const v = m[2].trim().split(/\s+/).map(Number);
      const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal (guest is inside user)
      out[m[1]] = { busy: total - v[3] - v[4], total }; // minus idle and iowait
    }
  } catch {
    /* not Linux */
  }
  return out;
}

function busyPercent(before, after, cpu) {
  const a = before[cpu];
  const b = after[cpu];
  if (!a || !b || b.total === a.total) return NaN;
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}

// ---------------------------------------------------------------------------------------------
// Child process bookkeeping and cleanup

const children = new Set();
let tmpDir;
let fakeServer;
let currentCannon;
let redisPid;

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
    ...pinned(PIN && PIN.others, 'redis-server', ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--dir', tmpDir, '--daemonize', 'no']),
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
  const child = startChild('service', ...pinned(PIN && PIN.server, process.execPath, [...SERVICE_NODE_ARGS, SERVICE_ENTRY]), { cwd: tmpDir, env });
  await waitReady(child, port, '/health/ready', 30_000);
  return { child, port };
}

async function startFloor(redisUrl) {
  const port = await freePort();
  const env = { ...baseEnv(), PORT: String(port), HOST, REDIS_URL: redisUrl, NAMESPACE, LLM_MODEL: MODEL };
  if (process.env.BENCH_FLOOR_AUTO_PIPELINING === '1') env.FLOOR_AUTO_PIPELINING = '1';
  const child = startChild('floor', ...pinned(PIN && PIN.server, process.execPath, [...FLOOR_NODE_ARGS, FLOOR_ENTRY]), { cwd: tmpDir, env });
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


/** Warm-up (discarded) then the measured run, with the server's and the cores' CPU use over the measured run. */
async function measure(name, target, round) {
  const label = `round ${round} ${name}`;
  log(`${label}: warm-up ${WARMUP} s (discarded)`);
  const warm = summarise(await cannon(target.port, WARMUP, `${label} warm-up`));
  log(`${label}: warm-up ${warm.reqPerSec.toFixed(0)} req/s, non-2xx ${warm.non2xx}`);
  log(`${label}: measuring ${DURATION} s, ${CONNECTIONS} connections`);
  const cores0 = cpuTimes();
  const server0 = processCpuSeconds(target.child.pid);
  const redis0 = processCpuSeconds(redisPid);
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const stats = summarise(await cannon(target.port, DURATION, label));
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  const self = process.cpuUsage(self0);
  const cores1 = cpuTimes();
  stats.serverCpu = (100 * (processCpuSeconds(target.child.pid) - server0)) / elapsed;
  // The bench process and redis-server: the other core's planned load.
  stats.loadGenCpu = (100 * ((self.user + self.system) / 1e6 + (processCpuSeconds(redisPid) - redis0))) / elapsed;
  // Busy time of each core that none of our processes used: other load on the machine.
  stats.foreignServerCore = PIN ? Math.max(0, busyPercent(cores0, cores1, PIN.server) - stats.serverCpu) : NaN;
  stats.foreignOtherCore = PIN ? Math.max(0, busyPercent(cores0, cores1, PIN.others) - stats.loadGenCpu) : NaN;
  stats.disturbed = stats.foreignServerCore > DISTURBED_PCT || stats.foreignOtherCore > DISTURBED_PCT;
  log(
    `${label}: ${stats.reqPerSec.toFixed(0)} req/s (per-second min ${stats.reqPerSecMin}, max ${stats.reqPerSecMax}), p50 ${stats.p50} ms, ` +
      `p99 ${stats.p99} ms, non-2xx ${stats.non2xx}, server CPU ${pct(stats.serverCpu)} %, bench + redis CPU ${pct(stats.loadGenCpu)} %` +
      (PIN ? `, other processes: CPU ${PIN.server} ${pct(stats.foreignServerCore)} %, CPU ${PIN.others} ${pct(stats.foreignOtherCore)} %` : ''),
  );
  checkRun(`${label} warm-up`, warm);
  checkRun(`${label} measured run`, stats);
  return stats;
}

/** Every response of every autocannon run (warm-ups included) must be a 2xx prompt_cache hit. */
function checkRun(what, s) {
  assert(s.non2xx === 0, `${what}: ${s.non2xx} non-2xx responses`);
  assert(s.errors === 0 && s.timeouts === 0, `${what}: ${s.errors} errors, ${s.timeouts} timeouts`);
  assert(s.mismatches === 0, `${what}: ${s.mismatches} responses were not prompt_cache hits`);
  assert(s.total > 0, `${what}: no request completed`);
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(n, digits = 0) {
  return Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtMs(n) {
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function pct(n) {
  return Number.isFinite(n) ? n.toFixed(0) : '–';
}

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The command line that reproduces this run (BENCH_* variables that were set included). */
function reproduceCommand() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_BUILD_LABEL')
    .sort()
    .map((k) => `${k}=${/^[\w.,/=-]*$/.test(process.env[k]) ? process.env[k] : JSON.stringify(process.env[k])}`);
  if (!process.env.BENCH_DURATION) vars.unshift(`BENCH_DURATION=${DURATION}`);
  const base = process.env.npm_lifecycle_event === 'bench:ask-hit' ? 'npm run bench:ask-hit' : 'node bench/ask-hit.js';
  return `${vars.join(' ')} ${base}`.trim();
}

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

const LABEL = { service: 'service', floor: 'floor' };

function roundsTable(report) {
  const { rounds, summary } = report;
  const both = FULL_RUN;
  const cols = TARGETS_ORDER.map((t) => [`${t} req/s`, `${t} p50 / p99 ms`]).flat();
  const rows = [
    `| round | order | ${cols.join(' | ')}${both ? ' | ratio service/floor' : ''} |`,
    `|---:|---|${cols.map(() => '---:').join('|')}|${both ? '---:|' : ''}`,
  ];
  for (const r of rounds) {
    const cells = TARGETS_ORDER.map((t) => [fmt(r[t].reqPerSec), `${r[t].p50} / ${r[t].p99}`]).flat();
    rows.push(`| ${r.round} | ${r.order.join(' → ')} | ${cells.join(' | ')}${both ? ` | ${r.ratio.toFixed(2)}` : ''} |`);
  }
  const med = TARGETS_ORDER.map((t) => [`**${fmt(summary[t].reqPerSec)}**`, `${fmtMs(summary[t].p50)} / ${fmtMs(summary[t].p99)}`]).flat();
  rows.push(`| **median** | | ${med.join(' | ')}${both ? ` | **${summary.ratio.toFixed(2)}**` : ''} |`);
  return rows.join('\n');
}

function detailTable(report) {
  const cpuCols = PIN
    ? [`server CPU % (CPU ${PIN.server})`, `other processes on CPU ${PIN.server} %`, `bench + redis CPU % (CPU ${PIN.others})`, `other processes on CPU ${PIN.others} %`]
    : ['server CPU %', 'bench + redis CPU %'];
  const rows = [
    `| round | target | req/s (mean) | req/s per-second min–max | requests | non-2xx | errors / timeouts | ${cpuCols.join(' | ')} |`,
    `|---:|---|---:|---:|---:|---:|---:|${cpuCols.map(() => '---:|').join('')}`,
  ];
  for (const r of report.rounds) {
    for (const t of r.order) {
      const s = r[t];
      const cpu = PIN
        ? [pct(s.serverCpu), flag(s.foreignServerCore), pct(s.loadGenCpu), flag(s.foreignOtherCore)]
        : [pct(s.serverCpu), pct(s.loadGenCpu)];
      rows.push(`| ${r.round} | ${LABEL[t]} | ${fmt(s.reqPerSec)} | ${fmt(s.reqPerSecMin)}–${fmt(s.reqPerSecMax)} | ${fmt(s.total)} | ${s.non2xx} | ${s.errors} / ${s.timeouts} | ${cpu.join(' | ')} |`);
    }
  }
  return rows.join('\n');
}

/** A percentage, in bold when it marks a disturbed measurement. */
function flag(n) {
  return n > DISTURBED_PCT ? `**${pct(n)}**` : pct(n);
}

/** A sentence on foreign load when some measurement was disturbed, else ''. */
function disturbedLine(report) {
  if (!PIN) return '';
  const all = report.rounds.flatMap((r) => r.order.map((t) => r[t]));
  const n = all.filter((s) => s.disturbed).length;
  if (n === 0) return `No measurement saw more than ${DISTURBED_PCT} % of either core taken by other processes.`;
  return (
    `**The machine was not quiet:** in ${n} of ${all.length} measurements other processes took more than ${DISTURBED_PCT} % ` +
    'of a core (in bold in the per-measurement table); those req/s, and the ratios of their rounds, are less reliable.'
  );
}

function ratioLine(report) {
  const { summary, rounds } = report;
  const ratios = rounds.map((r) => r.ratio);
  const met = summary.ratio >= TARGET_RATIO;
  return (
    `Median ratio service/floor (req/s) over ${rounds.length} round${rounds.length > 1 ? 's' : ''}: **${summary.ratio.toFixed(2)}** ` +
    `(per round: ${ratios.map((x) => x.toFixed(2)).join(', ')}; spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), ` +
    `target ≥ ${TARGET_RATIO}: **${met ? 'met' : 'NOT met'}**.`
  );
}

function pinningText() {
  if (!PIN) {
    return [
      `- CPU pinning: **off** (${process.env.BENCH_PIN === '0' ? 'BENCH_PIN=0' : 'taskset or a second CPU missing'}): the server under test,`,
      '  its private `redis-server` and autocannon all share every core, so the numbers are noisier.',
    ];
  }
  return [
    `- CPU pinning (\`taskset\`, checked in \`/proc/<pid>/status\`): the server under test (service or floor) runs on`,
    `  **CPU ${PIN.server}**, a core to itself; the private \`redis-server\` and the bench process (autocannon, the fake upstream,`,
    `  all its threads) share **CPU ${PIN.others}**. The req/s figures are therefore what one core of server gives, without`,
    '  Redis or the load generator taking CPU from it. The CPU columns below show, for each measured run, the CPU',
    '  used by our processes on each core and the busy time of that core that none of them used (other processes',
    '  on the machine, which take throughput from that measurement).',
  ];
}

function renderSection(report, when, command, history) {
  const m = machine();
  const entry = path.relative(ROOT, SERVICE_ENTRY) || SERVICE_ENTRY;
  const full = process.env.BENCH_SERVICE_ENTRY ? command : `npm run build && ${command}`;
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
    `**Target: median service/floor req/s ratio ≥ ${TARGET_RATIO}.**`,
    '',
    `### Latest run: ${when}`,
    '',
    `Command: \`${full}\``,
    '',
    `- Build measured: \`${entry}\`, ${report.build}.`,
    ...(process.env.BENCH_SERVICE_ENTRY
      ? ['  A fixed copy of `dist/` (so that rebuilds during the run cannot change what is measured), made with', '  `npm run build && rm -rf .bench-dist-snapshot && cp -r dist .bench-dist-snapshot` (git-ignored).']
      : []),
    `- Machine: ${m.cores} cores (${m.cpuModel}), ${m.platform}, Node ${m.node}.`,
    ...pinningText(),
    `- Load: autocannon ${require('autocannon/package.json').version} (in the bench process), ${CONNECTIONS} connections, pipelining 1.`,
    `  ${report.rounds.length} interleaved rounds; each round measures the service and the floor one after the other (never at`,
    '  the same time), service first in odd rounds and floor first in even rounds so that drift cancels out.',
    `  Every measurement has its own ${WARMUP} s autocannon warm-up (discarded), then ${DURATION} s measured. Both servers are`,
    `  started once, checked, get one ${INITIAL_WARMUP} s initial warm-up each (discarded) so that round 1 does not`,
    '  measure a cold JIT, and stay up for the whole run; the one not under load is idle. The headline is',
    '  the median of the per-round ratios (each ratio compares two measurements taken back to back).',
    '- Setup: private `redis-server --save "" --appendonly no` on a free port; a fake OpenAI-compatible',
    '  server inside the bench answers the one miss; `EMBED_PROVIDER=lexical`. Every response is checked',
    '  to be a 2xx `"source":"prompt_cache"` hit (non-2xx, errors and mismatches must all be 0).',
    '',
    roundsTable(report),
    '',
    ratioLine(report),
    '',
    ...(disturbedLine(report) ? [disturbedLine(report), ''] : []),
    'Each measured run (latency p50 / p99 above are autocannon\'s; the median row is the median of the rounds):',
    '',
    detailTable(report),
    '',
    '### Run history',
    '',
    'Each row is one full run of the command in its row (same machine unless noted), newest last. Rows before',
    'the "pinned" method were single unpinned runs (one measurement per target, server + Redis + autocannon',
    'sharing both cores); their ratio is that one measurement, not a median.',
    '',
    HISTORY_START,
    HISTORY_HEADER,
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...history,
    HISTORY_END,
    '',
  ].join('\n');
}

const HISTORY_HEADER =
  '| date (UTC) | command | build | method | service req/s (median) | floor req/s (median) | ratio per round | ratio (median) | service p50 / p99 ms | floor p50 / p99 ms |';

/** Rows of the older 7-column history (date, command, service, floor, ratio, latencies) in the current columns. */
function upgradeHistoryRow(line) {
  const cells = line.replace(/^\|\s*/, '').replace(/\s*\|\s*$/, '').split(' | ');
  if (cells.length !== 7) return line;
  const [date, command, service, floor, ratio, sLat, fLat] = cells;
  const d = (command.match(/BENCH_DURATION=(\d+(?:\.\d+)?)/) || [])[1] || '10';
  return `| ${date} | ${command} | n/a | unpinned, 1 run × ${d} s | ${service} | ${floor} | ${ratio} | ${ratio} | ${sLat} | ${fLat} |`;
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
    `Node ${m.node}. Absolute req/s depend on the machine (and, on a shared machine, on what else runs);`,
    'compare ratios and runs on the same machine rather than absolute req/s across machines.',
    '',
  ].join('\n');
}

function writeDocs(report, command) {
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
        .filter((line) => /^\| \d{4}-/.test(line))
        .map(upgradeHistoryRow);
    }
    before = doc.slice(0, start);
    after = doc.slice(end);
  } else if (!before.endsWith('\n\n')) {
    before = before.replace(/\n*$/, '\n\n');
  }
  const { summary, rounds } = report;
  const s = summary.service;
  const f = summary.floor;
  const method = `${PIN ? `pinned (server CPU ${PIN.server}, Redis + bench CPU ${PIN.others})` : 'unpinned'}, ${rounds.length} interleaved rounds × ${DURATION} s`;
  history.push(
    `| ${when} | \`${command}\` | ${report.build.replace(/\|/g, '/')} | ${method} | ${fmt(s.reqPerSec)} | ${fmt(f.reqPerSec)} | ` +
      `${rounds.map((r) => r.ratio.toFixed(2)).join(', ')} | **${summary.ratio.toFixed(2)}** | ${fmtMs(s.p50)} / ${fmtMs(s.p99)} | ${fmtMs(f.p50)} / ${fmtMs(f.p99)} |`,
  );
  history = history.slice(-HISTORY_KEEP);
  doc = before + renderSection(report, when, command, history) + (after ? `\n${after.replace(/^\n+/, '')}` : '');
  fs.mkdirSync(path.dirname(DOC_PATH), { recursive: true });
  fs.writeFileSync(DOC_PATH, doc);
  log(`wrote ${path.relative(ROOT, DOC_PATH)}`);
}

// ---------------------------------------------------------------------------------------------

const TARGETS_ORDER = ['service', 'floor'].filter((t) => TARGETS.includes(t));

async function main() {
  const startedAt = Date.now();
  const globalTimer = setTimeout(() => fail(new Error(`global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s exceeded`)), GLOBAL_TIMEOUT_MS);
  globalTimer.unref();

  if (PIN) {
    pinSelf(PIN.others);
    for (const tid of fs.readdirSync('/proc/self/task')) assertPinned(`${process.pid}/task/${tid}`, PIN.others, `bench thread ${tid}`);
    log(`CPU pinning: server under test on CPU ${PIN.server}; redis-server and this process (autocannon) on CPU ${PIN.others}`);
  } else {
    log('CPU pinning off');
  }
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ask-hit-bench-'));

  const redis = await startRedis();
  redisPid = redis.child.pid;
  if (PIN) assertPinned(redis.child.pid, PIN.others, 'redis-server');
  log(`private redis-server on ${redis.url}`);
  const upstream = await startFakeOpenAi();
  log(`fake OpenAI upstream on http://${HOST}:${upstream.port}/v1`);

  const servers = {};
  let cacheKey;
  let answer;

  if (TARGETS.includes('service')) {
    const service = await startService(redis.url, upstream.port);
    if (PIN) assertPinned(service.child.pid, PIN.server, 'service');
    servers.service = service;
    log(`service (${SERVICE_ENTRY}) ready on ${service.port}`);
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
    if (PIN) assertPinned(floor.child.pid, PIN.server, 'floor');
    servers.floor = floor;
    log(`floor ready on ${floor.port}`);
    const check = await request(floor.port, 'POST', '/ask', { question: QUESTION });
    assert(check.status === 200, `floor ask: status ${check.status}: ${check.text.slice(0, 300)}`);
    assert(check.body.cacheKey === cacheKey, `floor key ${check.body.cacheKey} differs from the service key ${cacheKey}`);
    assert(check.body.answer === answer, 'floor answer differs from the service answer');
  }

  for (const name of TARGETS_ORDER) {
    log(`${name}: initial warm-up ${INITIAL_WARMUP} s (discarded)`);
    const warm = summarise(await cannon(servers[name].port, INITIAL_WARMUP, `${name} initial warm-up`));
    log(`${name}: initial warm-up ${warm.reqPerSec.toFixed(0)} req/s`);
    checkRun(`${name} initial warm-up`, warm);
  }

  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? [...TARGETS_ORDER] : [...TARGETS_ORDER].reverse();
    const row = { round, order };
    for (const name of order) {
      const target = servers[name];
      assert(!target.child.exitInfo, `${name} exited (${JSON.stringify(target.child.exitInfo)}) before round ${round}`);
      row[name] = await measure(name, target, round);
    }
    if (FULL_RUN) {
      row.ratio = row.service.reqPerSec / row.floor.reqPerSec;
      log(`round ${round}: ratio service/floor ${row.ratio.toFixed(2)}`);
    }
    rounds.push(row);
  }
  if (servers.service) assert(upstream.stats.chatCalls === 1, `upstream was called ${upstream.stats.chatCalls} times; hits must not call it`);

  await Promise.all(Object.values(servers).map((s) => stopChild(s.child, 10_000)));
  redis.client.disconnect();
  await stopChild(redis.child);
  await cleanup();
  clearTimeout(globalTimer);

  const summary = {};
  for (const t of TARGETS_ORDER) {
    summary[t] = {
      reqPerSec: median(rounds.map((r) => r[t].reqPerSec)),
      p50: median(rounds.map((r) => r[t].p50)),
      p99: median(rounds.map((r) => r[t].p99)),
    };
  }
  if (FULL_RUN) summary.ratio = median(rounds.map((r) => r.ratio));
  const report = { rounds, summary, build: buildLabel() };

  const command = reproduceCommand();
  console.log(
    `\nPOST /ask exact hit, ${CONNECTIONS} connections, ${INITIAL_WARMUP} s initial warm-up per target, then ${ROUNDS} interleaved rounds of ${DURATION} s (after ${WARMUP} s warm-up each), ` +
      `${machine().cores} cores, CPU pinning ${PIN ? `on (server CPU ${PIN.server}, redis + autocannon CPU ${PIN.others})` : 'off'}, Node ${process.version}\n`,
  );
  console.log(roundsTable(report));
  console.log('');
  console.log(detailTable(report));
  if (FULL_RUN) console.log(`\n${ratioLine(report).replace(/\*\*/g, '')}`);
  if (disturbedLine(report)) console.log(disturbedLine(report).replace(/\*\*/g, ''));
  console.log(`Build: ${path.relative(ROOT, SERVICE_ENTRY) || SERVICE_ENTRY}, ${report.build}`);
  console.log(`Command: ${command}`);
  console.log(`Wall time: ${((Date.now() - startedAt) / 1000).toFixed(0)} s\n`);

  if (WRITE_DOCS && FULL_RUN) writeDocs(report, command);
  else log('docs/BENCHMARKS.md not written (partial or profiled run, or BENCH_WRITE_DOCS=0)');
  if (process.env.BENCH_ENFORCE === '1' && FULL_RUN && summary.ratio < TARGET_RATIO) {
    log(`median ratio ${summary.ratio.toFixed(2)} is below the target ${TARGET_RATIO}`);
    process.exitCode = 1;
  }
}

main().catch(fail);
