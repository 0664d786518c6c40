'use strict';
/**
 * Soak: mixed /ask traffic through two replicas on one Redis, with a Redis restart and an upstream
 * fault window inside the run.
 *
 *   npm run build && npm run bench:soak
 *
 * One run:
 *   1. starts a private redis-server (append-only file in a temp dir, so a restart keeps the cache as
 *      an operator's Redis would; never 6379), a fake OpenAI-compatible upstream in this process
 *      (BENCH_UPSTREAM_MS before each answer) and two replicas of `node dist/main.js` on that Redis
 *      (lexical embedder);
 *   2. seeds BENCH_SEEDS questions (each asked once), then runs BENCH_CONNECTIONS closed-loop clients
 *      for BENCH_DURATION seconds, each request sent to the replicas in turn: 70% a seeded question
 *      verbatim (exact hit), 20% a paraphrase of one (its words reordered and "please" added: a
 *      semantic hit for the lexical embedder), 10% a question never asked (a miss);
 *   3. at 30% of the run, SIGTERMs Redis and restarts it on the same port BENCH_REDIS_DOWN seconds later;
 *      at 55%, the upstream answers 500 to every chat call for BENCH_FAULT seconds;
 *   4. reports throughput, p50/p99 per path (the `source` each answer reports), non-2xx split into
 *      upstream-caused (an upstream error code on a request sent while the fault window was open),
 *      breaker recovery (503 E_LLM_UNAVAILABLE from the breaker the fault opened, on a request sent after
 *      the window closed but before the breaker could probe again: CIRCUIT_HALF_OPEN_AFTER_MS plus two
 *      upstream latencies) and cache-caused (everything else: must be 0), and each replica's RSS at start, middle and
 *      end; rewrites its section of docs/BENCHMARKS.md and appends to bench/results/soak.json.
 * Exit code 1 when any non-2xx was caused by the cache, or on any failure of the run itself.
 *
 * Env (all optional): BENCH_DURATION (s, default 300), BENCH_CONNECTIONS (default 20),
 * BENCH_UPSTREAM_MS (default 300), BENCH_SEEDS (default 300), BENCH_REDIS_DOWN (s, default 5),
 * BENCH_FAULT (s, default 30), BENCH_WRITE_DOCS (1/0, default 1).
 */
const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');
const {
  startChild,
  stopChild,
  makeTmpDir,
  cleanup,
  installFailureHandlers,
  globalTimeout,
  fail,
} = require('./lib/children');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { startFakeUpstream } = require('./lib/fake-upstream');
const { startNodeServer } = require('./lib/node-server');
const { HOST, freePort } = require('./lib/ports');
const { appendResult } = require('./lib/results');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { log, sleep, assert } = require('./lib/util');
const { questionFor, paraphraseOf } = require('./lib/soak-questions');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist', 'main.js');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const TITLE = '## Soak: mixed traffic, a Redis restart and an upstream fault (bench/soak.js)';
const DURATION_S = Number(process.env.BENCH_DURATION || 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const UPSTREAM_MS = Number(process.env.BENCH_UPSTREAM_MS || 300);
const SEEDS = Number(process.env.BENCH_SEEDS || 300);
const REDIS_DOWN_S = Number(process.env.BENCH_REDIS_DOWN || 5);
const FAULT_S = Number(process.env.BENCH_FAULT || 30);
const REQUEST_TIMEOUT_MS = 30_000;
/** Error codes of the service that name the upstream (or its open circuit breaker) as the cause. */
const UPSTREAM_CODE = /^E_(LLM|UPSTREAM|CIRCUIT)/;
const upstreamCaused = (s) => s.inFault && typeof s.code === 'string' && UPSTREAM_CODE.test(s.code);
/** How long the replicas' upstream breaker stays open before its half-open probe (set on the replicas). */
const HALF_OPEN_MS = 5000;
/** A breaker the fault opened still refuses until its probe: sent after the fault, within its delay + a probe. */
const breakerRecovery = (timeline) => (s) =>
  s.code === 'E_LLM_UNAVAILABLE' &&
  s.sentAt > timeline.faultEnd &&
  s.sentAt <= timeline.faultEnd + HALF_OPEN_MS + 2 * UPSTREAM_MS;

async function startRedis(dir, port) {
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'yes', '--dir', dir];
  const child = startChild('redis-server', 'redis-server', args, { cwd: dir });
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/.test(child.output)) {
    assert(!child.exitInfo && Date.now() < deadline, `redis-server did not start: ${child.output.slice(-300)}`);
    await sleep(50);
  }
  return child;
}

function rssMb(child) {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** POST /ask; resolves { status, source, code } (never rejects: a transport error is status 0). */
function ask(port, agent, question) {
  return new Promise((resolve) => {
    const payload = JSON.stringify({ question });
    const req = http.request(
      {
        host: HOST,
        port,
        agent,
        method: 'POST',
        path: '/ask',
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let body = {};
          try {
            body = JSON.parse(text);
          } catch {
            /* reported by status */
          }
          resolve({ status: res.statusCode, source: body.source, code: body.code ?? body.error?.code });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, code: error.message }));
    req.end(payload);
  });
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The run's timeline, in ms from the start of the measured traffic. */
function plan() {
  const total = DURATION_S * 1000;
  return {
    total,
    redisDownAt: 0.3 * total,
    faultAt: 0.55 * total,
    faultEnd: 0.55 * total + FAULT_S * 1000,
    middle: 0.5 * total,
  };
}

async function drive(ports, timeline, faultWindow) {
  const samples = [];
  const started = performance.now();
  let newQuestions = 0;
  let turn = 0;
  const client = async (c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (performance.now() - started < timeline.total) {
      const roll = Math.random();
      const kind = roll < 0.7 ? 'exact' : roll < 0.9 ? 'paraphrase' : 'new';
      const seed = Math.floor(Math.random() * SEEDS);
      const question =
        kind === 'exact'
          ? questionFor(seed)
          : kind === 'paraphrase'
            ? paraphraseOf(seed)
            : questionFor(SEEDS + 1000 * c + newQuestions++);
      const port = ports[turn++ % ports.length];
      const sent = performance.now();
      const result = await ask(port, agent, question);
      const done = performance.now();
      samples.push({
        kind,
        ...result,
        ms: done - sent,
        sentAt: sent - started,
        inFault: faultWindow(sent - started, done - started),
      });
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => client(c)));
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function summarise(samples, timeline) {
  const bySource = new Map();
  for (const s of samples.filter((x) => x.status === 200)) {
    const list = bySource.get(s.source) ?? [];
    list.push(s.ms);
    bySource.set(s.source, list);
  }
  const paths = [...bySource].map(([source, list]) => {
    list.sort((a, b) => a - b);
    return { source, count: list.length, p50: percentile(list, 50), p99: percentile(list, 99) };
  });
  const failed = samples.filter((s) => s.status !== 200);
  const recovering = breakerRecovery(timeline);
  return {
    paths,
    failed: failed.length,
    upstreamCaused: failed.filter(upstreamCaused),
    breakerRecovery: failed.filter((s) => !upstreamCaused(s) && recovering(s)),
    cacheCaused: failed.filter((s) => !upstreamCaused(s) && !recovering(s)),
  };
}

async function main() {
  installFailureHandlers();
  globalTimeout((DURATION_S + 600) * 1000);
  const dir = makeTmpDir('soak-');
  const redisPort = await freePort();
  let redis = await startRedis(dir, redisPort);
  const upstream = await startFakeUpstream({ answer: 'A soak answer, the same every time. '.repeat(4) });
  upstream.delay('chat', UPSTREAM_MS);
  const env = {
    REDIS_URL: `redis://${HOST}:${redisPort}`,
    OPENAI_BASE_URL: upstream.baseUrl,
    OPENAI_API_KEY: 'sk-soak',
    EMBED_PROVIDER: 'lexical',
    CIRCUIT_HALF_OPEN_AFTER_MS: String(HALF_OPEN_MS),
  };
  const replicas = [
    await startNodeServer('replica-a', ENTRY, { dir, env, readyTimeoutMs: 120_000 }),
    await startNodeServer('replica-b', ENTRY, { dir, env, readyTimeoutMs: 120_000 }),
  ];
  const ports = replicas.map((r) => r.port);

  log(`seeding ${SEEDS} questions`);
  for (let i = 0; i < SEEDS; i++) {
    const res = await ask(ports[i % 2], undefined, questionFor(i));
    assert(res.status === 200, `seed ${i} answered ${res.status} ${res.code}`);
  }
  const rss = { start: replicas.map((r) => rssMb(r.child)) };

  const timeline = plan();
  const faultWindow = (from, to) => to >= timeline.faultAt && from <= timeline.faultEnd;
  const events = (async () => {
    const t0 = performance.now();
    const at = (ms) => sleep(Math.max(0, ms - (performance.now() - t0)));
    await at(timeline.redisDownAt);
    log('Redis: SIGTERM');
    await stopChild(redis);
    await sleep(REDIS_DOWN_S * 1000);
    redis = await startRedis(dir, redisPort);
    log('Redis: restarted');
    await at(timeline.middle);
    rss.middle = replicas.map((r) => rssMb(r.child));
    await at(timeline.faultAt);
    log(`upstream: failing for ${FAULT_S} s`);
    upstream.failNext('chat', 500, Number.MAX_SAFE_INTEGER);
    await at(timeline.faultEnd);
    upstream.failNext('chat', 500, 0);
    log('upstream: healthy again');
  })();
  log(`driving ${CONNECTIONS} clients for ${DURATION_S} s`);
  const [{ samples, seconds }] = await Promise.all([drive(ports, timeline, faultWindow), events]);
  rss.end = replicas.map((r) => rssMb(r.child));
  const summary = summarise(samples, timeline);
  report({ samples, seconds, summary, rss });
  await cleanup();
  if (summary.cacheCaused.length > 0) process.exit(1);
}

function report({ samples, seconds, summary, rss }) {
  const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '–');
  const mb = (list) => list.map((x) => `${x.toFixed(0)} MB`).join(' / ');
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run build && ${reproduceCommand('bench:soak', 'bench/soak.js', { BENCH_DURATION: DURATION_S })}`,
    build: buildLabel(),
    machine: machine(),
  };
  const cacheCodes = [...new Set(summary.cacheCaused.map((s) => `${s.status} ${s.code}`))].slice(0, 5);
  const what =
    `${DURATION_S} s of \`POST /ask\` from ${CONNECTIONS} closed-loop clients through two replicas on one Redis ` +
    `(70% exact repeats, 20% paraphrases, 10% new questions; fake upstream answering after ${UPSTREAM_MS} ms), ` +
    `with Redis stopped for ${REDIS_DOWN_S} s at 30% of the run and the upstream failing every call for ${FAULT_S} s ` +
    'from 55%. Target: no non-2xx caused by the cache; RSS bounded. Method in the header of `bench/soak.js`.';
  const section = [
    ...sectionHead(TITLE, what, run),
    '| path (`source`) | answers | p50 | p99 |',
    '|---|---:|---:|---:|',
    ...summary.paths.map((p) => `| ${p.source} | ${p.count} | ${ms(p.p50)} | ${ms(p.p99)} |`),
    '',
    `- Throughput: ${(samples.length / seconds).toFixed(0)} req/s (${samples.length} requests in ${seconds.toFixed(0)} s)`,
    `- Non-2xx: ${summary.failed}; caused by the upstream fault: ${summary.upstreamCaused.length}, and ` +
      `${summary.breakerRecovery.length} more from the breaker it opened, refused within ${HALF_OPEN_MS / 1000} s ` +
      `(CIRCUIT_HALF_OPEN_AFTER_MS) + a probe after the upstream recovered; ` +
      `**caused by the cache: ${summary.cacheCaused.length}**${cacheCodes.length ? ` (${cacheCodes.join(', ')})` : ''}`,
    `- RSS per replica (a / b): start ${mb(rss.start)}, middle ${mb(rss.middle ?? [])}, end ${mb(rss.end)}`,
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (process.env.BENCH_WRITE_DOCS === '0') return;
  writeSection(DOC, TITLE, section);
  const file = appendResult('soak', {
    date: run.date,
    command: run.command,
    machine: run.machine,
    figures: {
      requests: samples.length,
      reqPerSecond: Math.round(samples.length / seconds),
      paths: summary.paths,
      non2xx: summary.failed,
      upstreamCaused: summary.upstreamCaused.length,
      breakerRecovery: summary.breakerRecovery.length,
      cacheCaused: summary.cacheCaused.length,
      rssMb: rss,
    },
  });
  log(`wrote ${path.relative(ROOT, DOC)} and ${file}`);
}

main().catch(fail);
