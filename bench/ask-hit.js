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
 *      fake OpenAI-compatible server in this process (the tests' FakeOpenAiServer, fixed answer);
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
 *      docs/BENCHMARKS.md with this run's figures and appends them to bench/results/ask-hit.json;
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
const path = require('node:path');
const autocannon = require('autocannon');
const Redis = require('ioredis');
const {
  stopChild,
  makeTmpDir,
  onCleanup,
  cleanup,
  fail,
  installFailureHandlers,
  globalTimeout,
} = require('./lib/children');
const { DISTURBED_PCT, processCpuSeconds, cpuTimes, busyPercent } = require('./lib/cpu-usage');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { startFakeUpstream } = require('./lib/fake-upstream');
const { request } = require('./lib/http');
const { startNodeServer } = require('./lib/node-server');
const { pinPlan, pinSelf, assertPinned } = require('./lib/pinning');
const { appendResult } = require('./lib/results');
const { HOST } = require('./lib/ports');
const { startRedis: startRedisServer } = require('./lib/redis');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { median, pct, flag } = require('./lib/stats');
const { log, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_ENTRY = process.env.BENCH_SERVICE_ENTRY
  ? path.resolve(process.env.BENCH_SERVICE_ENTRY)
  : path.join(ROOT, 'dist', 'main.js');
const FLOOR_ENTRY = path.join(__dirname, 'floor-server.js');
const DOC_PATH = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTION_TITLE = '## POST /ask exact hit vs bare Fastify floor';
const TARGET_RATIO = 0.75;

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
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 3));
const DURATION = envNumber('BENCH_DURATION', 8);
const WARMUP = envNumber('BENCH_WARMUP', 3);
const INITIAL_WARMUP = envNumber('BENCH_INITIAL_WARMUP', 5);
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const TARGETS = (process.env.BENCH_TARGETS || 'service,floor')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FLOOR_NODE_ARGS = (process.env.BENCH_FLOOR_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const FULL_RUN = TARGETS.includes('service') && TARGETS.includes('floor');
const WRITE_DOCS =
  process.env.BENCH_WRITE_DOCS !== undefined
    ? process.env.BENCH_WRITE_DOCS === '1'
    : FULL_RUN && SERVICE_NODE_ARGS.length === 0 && FLOOR_NODE_ARGS.length === 0;
for (const t of TARGETS) if (t !== 'service' && t !== 'floor') throw new Error(`BENCH_TARGETS: unknown target ${t}`);

// Bounded in time: boot + checks + every autocannon run, with a generous margin.
const GLOBAL_TIMEOUT_MS = (TARGETS.length * (INITIAL_WARMUP + ROUNDS * (WARMUP + DURATION)) + 120) * 1000;

// ---------------------------------------------------------------------------------------------
// CPU pinning (lib/pinning.js): the server under test on one core, everything else on another

const PIN = pinPlan();

// ---------------------------------------------------------------------------------------------
// Cleanup (lib/children.js) and the load that is running

let tmpDir;
let currentCannon;
let redisPid;

onCleanup(
  () => {
    if (currentCannon) {
      try {
        currentCannon.stop();
      } catch {
        /* already stopped */
      }
    }
  },
  { beforeChildren: true },
);
installFailureHandlers();

// ---------------------------------------------------------------------------------------------
// Private Redis (the fake OpenAI upstream is lib/fake-upstream.js)

/** The private redis-server (lib/redis.js) plus an ioredis client on it, to check and seed the key. */
async function startRedis() {
  const redis = await startRedisServer({ dir: tmpDir, cpu: PIN && PIN.others });
  const client = new Redis({
    host: HOST,
    port: redis.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  await client.connect();
  await client.ping();
  return { ...redis, client };
}

// ---------------------------------------------------------------------------------------------
// The two targets

function startService(redisUrl, upstreamPort) {
  const env = {
    REDIS_URL: redisUrl,
    OPENAI_BASE_URL: `http://${HOST}:${upstreamPort}/v1`,
    OPENAI_API_KEY: 'bench-fake-key',
    LLM_MODEL: MODEL,
    LLM_MAX_RETRIES: '0',
    EMBED_PROVIDER: 'lexical',
  };
  return startNodeServer('service', SERVICE_ENTRY, {
    nodeArgs: SERVICE_NODE_ARGS,
    cpu: PIN && PIN.server,
    dir: tmpDir,
    env,
    readyTimeoutMs: 30_000,
  });
}

function startFloor(redisUrl) {
  const env = { REDIS_URL: redisUrl, NAMESPACE, LLM_MODEL: MODEL };
  if (process.env.BENCH_FLOOR_AUTO_PIPELINING === '1') env.FLOOR_AUTO_PIPELINING = '1';
  return startNodeServer('floor', FLOOR_ENTRY, {
    nodeArgs: FLOOR_NODE_ARGS,
    cpu: PIN && PIN.server,
    dir: tmpDir,
    env,
    readyTimeoutMs: 15_000,
  });
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
      (PIN
        ? `, other processes: CPU ${PIN.server} ${pct(stats.foreignServerCore)} %, CPU ${PIN.others} ${pct(stats.foreignOtherCore)} %`
        : ''),
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
    rows.push(
      `| ${r.round} | ${r.order.join(' → ')} | ${cells.join(' | ')}${both ? ` | ${r.ratio.toFixed(2)}` : ''} |`,
    );
  }
  const med = TARGETS_ORDER.map((t) => [
    `**${fmt(summary[t].reqPerSec)}**`,
    `${fmtMs(summary[t].p50)} / ${fmtMs(summary[t].p99)}`,
  ]).flat();
  rows.push(`| **median** | | ${med.join(' | ')}${both ? ` | **${summary.ratio.toFixed(2)}**` : ''} |`);
  return rows.join('\n');
}

function detailTable(report) {
  const cpuCols = PIN
    ? [
        `server CPU % (CPU ${PIN.server})`,
        `other processes on CPU ${PIN.server} %`,
        `bench + redis CPU % (CPU ${PIN.others})`,
        `other processes on CPU ${PIN.others} %`,
      ]
    : ['server CPU %', 'bench + redis CPU %'];
  const rows = [
    `| round | target | req/s (mean) | req/s per-second min–max | requests | non-2xx | errors / timeouts | ${cpuCols.join(' | ')} |`,
    `|---:|---|---:|---:|---:|---:|---:|${cpuCols.map(() => '---:|').join('')}`,
  ];
  for (const r of report.rounds) {
    for (const t of r.order) {
      const s = r[t];
      const cpu = PIN
        ? [
            pct(s.serverCpu),
            flag(s.foreignServerCore, DISTURBED_PCT),
            pct(s.loadGenCpu),
            flag(s.foreignOtherCore, DISTURBED_PCT),
          ]
        : [pct(s.serverCpu), pct(s.loadGenCpu)];
      rows.push(
        `| ${r.round} | ${LABEL[t]} | ${fmt(s.reqPerSec)} | ${fmt(s.reqPerSecMin)}–${fmt(s.reqPerSecMax)} | ${fmt(s.total)} | ${s.non2xx} | ${s.errors} / ${s.timeouts} | ${cpu.join(' | ')} |`,
      );
    }
  }
  return rows.join('\n');
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

function renderSection(report, run) {
  const pinning = PIN
    ? `server under test pinned alone on CPU ${PIN.server}, redis-server and the bench on CPU ${PIN.others}`
    : 'no CPU pinning';
  const what =
    '`POST /ask` answered from the exact cache through the real service, against a bare Fastify floor ' +
    '(`bench/floor-server.js`: same body parse, normalisation, SHA-256 key, one ioredis `GET`, same reply; no Nest). ' +
    `Target: median service/floor req/s ratio ≥ ${TARGET_RATIO}. ` +
    `${report.rounds.length} interleaved rounds of ${DURATION} s, ${CONNECTIONS} autocannon connections, ${pinning}; ` +
    'method in the header of `bench/ask-hit.js`.';
  return [
    ...sectionHead(SECTION_TITLE, what, run),
    roundsTable(report),
    '',
    ratioLine(report),
    ...(disturbedLine(report)
      ? ['', disturbedLine(report).replace(/ \(in bold in the per-measurement table\)/, '')]
      : []),
    '',
  ].join('\n');
}

function writeDocs(report, command) {
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: process.env.BENCH_SERVICE_ENTRY ? command : `npm run build && ${command}`,
    build: report.build,
    machine: machine(),
  };
  writeSection(DOC_PATH, SECTION_TITLE, renderSection(report, run));
  const { summary, rounds } = report;
  const file = appendResult('ask-hit', {
    ...run,
    figures: {
      ratioMedian: Number(summary.ratio.toFixed(3)),
      ratioPerRound: rounds.map((r) => Number(r.ratio.toFixed(3))),
      serviceReqPerSec: Math.round(summary.service.reqPerSec),
      floorReqPerSec: Math.round(summary.floor.reqPerSec),
      serviceP50Ms: summary.service.p50,
      serviceP99Ms: summary.service.p99,
      floorP50Ms: summary.floor.p50,
      floorP99Ms: summary.floor.p99,
      pinned: Boolean(PIN),
      rounds: rounds.length,
      durationS: DURATION,
    },
  });
  log(`wrote ${path.relative(ROOT, DOC_PATH)} and appended to ${file}`);
}

// ---------------------------------------------------------------------------------------------

const TARGETS_ORDER = ['service', 'floor'].filter((t) => TARGETS.includes(t));

async function main() {
  const startedAt = Date.now();
  const globalTimer = globalTimeout(GLOBAL_TIMEOUT_MS);

  if (PIN) {
    pinSelf(PIN.others);
    log(
      `CPU pinning: server under test on CPU ${PIN.server}; redis-server and this process (autocannon) on CPU ${PIN.others}`,
    );
  } else {
    log('CPU pinning off');
  }
  tmpDir = makeTmpDir('ask-hit-bench-');

  const redis = await startRedis();
  redisPid = redis.child.pid;
  if (PIN) assertPinned(redis.child.pid, PIN.others, 'redis-server');
  log(`private redis-server on ${redis.url}`);
  const upstream = await startFakeUpstream({ answer: ANSWER });
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
    assert(upstream.calls.chat === 1, `first ask: ${upstream.calls.chat} upstream calls, expected 1`);
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
      const value = JSON.stringify({
        answer: ANSWER,
        question: normalized,
        model: MODEL,
        createdAt: Date.now(),
        tokens: 42,
      });
      await redis.client.set(cacheKey, value, 'EX', 3600);
    }
    const floor = await startFloor(redis.url);
    if (PIN) assertPinned(floor.child.pid, PIN.server, 'floor');
    servers.floor = floor;
    log(`floor ready on ${floor.port}`);
    const check = await request(floor.port, 'POST', '/ask', { question: QUESTION });
    assert(check.status === 200, `floor ask: status ${check.status}: ${check.text.slice(0, 300)}`);
    assert(
      check.body.cacheKey === cacheKey,
      `floor key ${check.body.cacheKey} differs from the service key ${cacheKey}`,
    );
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
  if (servers.service)
    assert(upstream.calls.chat === 1, `upstream was called ${upstream.calls.chat} times; hits must not call it`);

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

  const command = reproduceCommand('bench:ask-hit', 'bench/ask-hit.js', { BENCH_DURATION: DURATION });
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
