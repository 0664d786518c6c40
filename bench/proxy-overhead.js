'use strict';
/**
 * POST /v1/chat/completions: the latency the caching proxy adds on a miss, and the time to first
 * byte of a streamed hit, against a fake OpenAI-compatible upstream that answers after a fixed delay.
 *
 *   npm run build && npm run bench:proxy
 *
 * One run:
 *   1. pins CPUs (unless BENCH_PIN=0, or taskset / a second core is missing): the service gets the
 *      first allowed core to itself; this process (load generator + fake upstream) and the private
 *      redis-server share the second one. Every pinning is read back from /proc and checked;
 *   2. starts a fake OpenAI-compatible upstream in this process (the tests' FakeOpenAiServer, through
 *      lib/fake-upstream.js): POST /v1/chat/completions answers after BENCH_UPSTREAM_DELAY_MS (300), as
 *      JSON, or with stream:true as SSE (headers + role chunk after the delay, then content chunks
 *      BENCH_CHUNK_GAP_MS apart, a finish chunk and `data: [DONE]`);
 *   3. for each store of BENCH_STORES ("memory,redis": the in-process store without
 *      REDIS_URL, then a private redis-server on a free port), starts the service (dist/main.js, EMBED_PROVIDER=lexical,
 *      LLM_MAX_RETRIES=0) and waits for /health/ready;
 *   4. measures, client-side and the same way for every target (node:http keep-alive agent, one per
 *      target, BENCH_CONNECTIONS closed-loop workers, process.hrtime around each request):
 *        json-direct   JSON request straight to the fake upstream
 *        json-nostore  the same request through the proxy with `Cache-Control: no-store` (x-cache BYPASS)
 *        json-miss     a unique prompt per request through the proxy (x-cache MISS: exact + semantic
 *                      lookup, forward, store in both layers)
 *        sse-direct / sse-nostore / sse-miss   the same with stream:true (TTFB = first body byte)
 *        sse-hit       stream:true of one question cached beforehand (x-cache HIT); each worker waits
 *                      a random 0–2×BENCH_UPSTREAM_DELAY_MS between requests so that the request
 *                      rate is that of the miss runs, not a saturating loop
 *      in BENCH_ROUNDS rounds, the order reversed in every other round; added latency = proxied − direct
 *      of the same round; the headline is the median over rounds;
 *   5. checks every response (status 200, x-cache value, a complete body ending in [DONE] for SSE),
 *      prints the tables, rewrites the section "## /v1/chat/completions proxy overhead" of
 *      docs/BENCHMARKS.md with this run's figures and appends them to bench/results/proxy.json;
 *   6. kills every child process it started, on success, failure, Ctrl-C or the global timeout.
 * All traffic goes to 127.0.0.1.
 *
 * Env (all optional):
 *   BENCH_ROUNDS            rounds per store (default 3)
 *   BENCH_DURATION          measured seconds per measurement (default 10)
 *   BENCH_WARMUP            warm-up seconds per measurement kind and store, discarded (default 2)
 *   BENCH_CONNECTIONS       concurrent keep-alive connections per measurement (default 10)
 *   BENCH_UPSTREAM_DELAY_MS fake upstream delay before its first byte (default 300)
 *   BENCH_CHUNK_GAP_MS      gap between the fake upstream's SSE chunks (default 5)
 *   BENCH_STORES            "memory,redis" (default), or either of them
 *   BENCH_STAGGER           0: start all workers together (lockstep bursts); default: spread over one upstream delay"
 *   BENCH_PIN               0: no pinning; 1: pinning required; unset: pin when possible
 *   BENCH_SERVICE_ENTRY     the service's compiled entry (default dist/main.js)
 *   BENCH_BUILD_LABEL       what the doc says was measured (default: `git rev-parse --short HEAD`)
 *   BENCH_SERVICE_NODE_ARGS extra node flags for the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   BENCH_WRITE_DOCS        1/0: write docs/BENCHMARKS.md (default 1; 0 with BENCH_SERVICE_NODE_ARGS)
 *   BENCH_ENFORCE           1: exit 1 when the p50 added latency of a miss is above the target
 * Exit code: 0 on a valid run, 1 on any failure.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const http = require('node:http');
const path = require('node:path');
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
const { startNodeServer } = require('./lib/node-server');
const { pinPlan, pinSelf, assertPinned } = require('./lib/pinning');
const { appendResult } = require('./lib/results');
const { HOST } = require('./lib/ports');
const { startRedis } = require('./lib/redis');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { median, pct, flag } = require('./lib/stats');
const { log, sleep, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_ENTRY = process.env.BENCH_SERVICE_ENTRY
  ? path.resolve(process.env.BENCH_SERVICE_ENTRY)
  : path.join(ROOT, 'dist', 'main.js');
const DOC_PATH = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTION_TITLE = '## /v1/chat/completions proxy overhead';
const TARGET_ADDED_P50_MS = 3;

const MODEL = 'gpt-4o-mini';
const ANSWER =
  'Paris is the capital of France. It grew from a Roman settlement on the Seine into the seat of the ' +
  'Capetian kings, and the royal administration, trade routes and later the Revolution kept power there.';
const HIT_QUESTION = 'What is the capital of France, and why did it become the capital?';

function envNumber(name, fallback, { allowZero = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

const ROUNDS = Math.round(envNumber('BENCH_ROUNDS', 3));
const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', 2, { allowZero: true });
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 10));
const UPSTREAM_DELAY_MS = envNumber('BENCH_UPSTREAM_DELAY_MS', 300, { allowZero: true });
const CHUNK_GAP_MS = envNumber('BENCH_CHUNK_GAP_MS', 5, { allowZero: true });
const STORE_NAMES = ['memory', 'redis'];
const STORES = (process.env.BENCH_STORES || STORE_NAMES.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
for (const s of STORES)
  if (!STORE_NAMES.includes(s)) throw new Error(`BENCH_STORES: unknown store ${s} (known: ${STORE_NAMES.join(', ')})`);
const STAGGER = process.env.BENCH_STAGGER !== '0';
const SERVICE_NODE_ARGS = (process.env.BENCH_SERVICE_NODE_ARGS || '').split(/\s+/).filter(Boolean);
const WRITE_DOCS =
  process.env.BENCH_WRITE_DOCS !== undefined ? process.env.BENCH_WRITE_DOCS === '1' : SERVICE_NODE_ARGS.length === 0;

/** The measurements of one round, in the order of odd rounds (even rounds run them in reverse). */
const KINDS = [
  'json-direct',
  'json-relay',
  'json-nostore',
  'json-miss',
  'sse-direct',
  'sse-relay',
  'sse-nostore',
  'sse-miss',
  'sse-hit',
];
const KIND_TEXT = {
  'json-direct': 'JSON, direct to upstream',
  'json-relay': 'JSON, bare relay (floor: Fastify + undici, no cache)',
  'json-nostore': 'JSON, proxy, `no-store` (BYPASS)',
  'json-miss': 'JSON, proxy, unique prompt (MISS)',
  'sse-direct': 'SSE, direct to upstream',
  'sse-relay': 'SSE, bare relay (floor: Fastify + undici, no cache)',
  'sse-nostore': 'SSE, proxy, `no-store` (BYPASS)',
  'sse-miss': 'SSE, proxy, unique prompt (MISS)',
  'sse-hit': 'SSE, proxy, cached prompt (HIT)',
};

const GLOBAL_TIMEOUT_MS =
  (STORES.length * (KINDS.length * (WARMUP + ROUNDS * DURATION) + 10 * KINDS.length * (1 + ROUNDS)) + 120) * 1000;

// ---------------------------------------------------------------------------------------------
// CPU pinning (lib/pinning.js): the service on one core, everything else on another

const PIN = pinPlan();

// ---------------------------------------------------------------------------------------------
// Cleanup (lib/children.js) and the load that is running

let tmpDir;
const agents = new Set();
let stopping = false;
let redisPid;

onCleanup(
  () => {
    stopping = true;
    for (const agent of agents) agent.destroy();
    agents.clear();
  },
  { beforeChildren: true },
);
installFailureHandlers();

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * One timed HTTP request. Resolves { status, headers, text, ms, ttfbMs, headersMs }: ms = request
 * start to last body byte, ttfbMs = to the first body byte, headersMs = to the response headers.
 */
function timedRequest({ port, agent, urlPath, body, headers = {}, timeoutMs = 15_000 }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const t0 = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.request(
      {
        host: HOST,
        port,
        agent,
        method: payload === undefined ? 'GET' : 'POST',
        path: urlPath,
        headers:
          payload === undefined
            ? headers
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const headersMs = since();
        let ttfbMs;
        const parts = [];
        res.on('data', (chunk) => {
          if (ttfbMs === undefined) ttfbMs = since();
          parts.push(chunk);
        });
        res.on('end', () => {
          const ms = since();
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text: Buffer.concat(parts).toString('utf8'),
            ms,
            ttfbMs: ttfbMs ?? ms,
            headersMs,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Percentile by nearest rank of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * Unique prompts for the miss runs: random letter words, so that no two share words or many
 * character n-grams (the lexical embedder must not see them as paraphrases: every answer has to be a MISS).
 */
function uniquePrompt() {
  const words = [];
  for (let i = 0; i < 10; i++) {
    const len = 5 + crypto.randomInt(6);
    let w = '';
    for (let j = 0; j < len; j++) w += String.fromCharCode(97 + crypto.randomInt(26));
    words.push(w);
  }
  return `Explain ${words.join(' ')}`;
}

function chatBody(question, stream) {
  const body = {
    model: MODEL,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: question },
    ],
  };
  if (stream) body.stream = true;
  return body;
}

// ---------------------------------------------------------------------------------------------
// The service (the private redis-server is lib/redis.js)

function startService(redisUrl, upstreamPort, extraEnv = {}) {
  const env = {
    OPENAI_BASE_URL: `http://${HOST}:${upstreamPort}/v1`,
    OPENAI_API_KEY: 'bench-fake-key',
    LLM_MODEL: MODEL,
    LLM_MAX_RETRIES: '0',
    LLM_TIMEOUT_MS: '10000',
    EMBED_PROVIDER: 'lexical',
    ...extraEnv,
  };
  if (redisUrl) env.REDIS_URL = redisUrl;
  return startNodeServer('service', SERVICE_ENTRY, {
    nodeArgs: SERVICE_NODE_ARGS,
    cpu: PIN && PIN.server,
    dir: tmpDir,
    env,
    readyTimeoutMs: 30_000,
  });
}

/** The bare relay (bench/relay-floor.js), on the service's core: the cost of the extra hop alone. */
function startRelayFloor(upstreamPort) {
  const env = { OPENAI_BASE_URL: `http://${HOST}:${upstreamPort}/v1` };
  return startNodeServer('relay-floor', path.join(__dirname, 'relay-floor.js'), {
    cpu: PIN && PIN.server,
    dir: tmpDir,
    env,
    readyTimeoutMs: 10_000,
  });
}

// ---------------------------------------------------------------------------------------------
// Load: closed-loop workers over keep-alive connections

function newAgent() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, keepAliveMsecs: 1000 });
  agents.add(agent);
  return agent;
}

/**
 * What one request of a kind looks like and what its response must say. `port` is the fake
 * upstream for direct kinds, the relay floor for relay kinds, the service for the others.
 */
function requestOf(kind) {
  const stream = kind.startsWith('sse');
  const flavour = kind.split('-')[1];
  const headers = flavour === 'nostore' ? { 'cache-control': 'no-store' } : {};
  const question =
    flavour === 'miss' ? uniquePrompt() : flavour === 'hit' ? HIT_QUESTION : 'What is the capital of France?';
  // The fake upstream marks its own answers; the relay floor does not pass the header on.
  const expectCache =
    flavour === 'direct'
      ? 'MISS-from-upstream'
      : flavour === 'relay'
        ? undefined
        : flavour === 'nostore'
          ? 'BYPASS'
          : flavour === 'miss'
            ? 'MISS'
            : 'HIT';
  return { body: chatBody(question, stream), headers, stream, expectCache };
}

/** Why a response is not what its kind must answer, or undefined when it is. */
function problemOf(res, spec) {
  if (res.status !== 200) return `status ${res.status}: ${res.text.slice(0, 200)}`;
  const xCache = res.headers['x-cache'];
  if (spec.expectCache === undefined ? xCache !== undefined : xCache !== spec.expectCache)
    return `x-cache ${xCache}, expected ${spec.expectCache ?? 'none'}`;
  if (spec.stream) {
    if (!String(res.headers['content-type']).startsWith('text/event-stream'))
      return `content-type ${res.headers['content-type']}`;
    if (!res.text.endsWith('data: [DONE]\n\n')) return 'stream did not end with data: [DONE]';
    const content = res.text
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)).choices?.[0]?.delta?.content ?? '')
      .join('');
    if (content !== ANSWER) return `streamed content differs: ${JSON.stringify(content.slice(0, 80))}`;
  } else {
    let json;
    try {
      json = JSON.parse(res.text);
    } catch {
      return 'body is not JSON';
    }
    if (json.choices?.[0]?.message?.content !== ANSWER) return 'answer differs';
  }
  return undefined;
}

/** Runs `kind` for `seconds` with CONNECTIONS closed-loop workers; returns latency arrays and CPU figures. */
async function run(kind, target, seconds, serviceChild) {
  const samples = { ms: [], ttfb: [], headers: [] };
  const problems = [];
  let errors = 0;
  const paced = kind === 'sse-hit';
  const cores0 = cpuTimes();
  const server0 = serviceChild ? processCpuSeconds(serviceChild.pid) : NaN;
  const self0 = process.cpuUsage();
  const redis0 = redisPid ? processCpuSeconds(redisPid) : 0;
  const t0 = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  const worker = async (w) => {
    if (paced) await sleep(crypto.randomInt(2 * UPSTREAM_DELAY_MS + 1));
    // Spread the workers' first requests over one upstream delay: started together, closed-loop
    // workers against a fixed-delay upstream stay in lockstep, and every request would queue
    // behind the other CONNECTIONS - 1 of its burst (measuring the burst, not one request's cost).
    else if (STAGGER) await sleep(Math.round((w * UPSTREAM_DELAY_MS) / CONNECTIONS));
    while (Date.now() < end && !stopping) {
      const spec = requestOf(kind);
      try {
        const res = await timedRequest({
          port: target.port,
          agent: target.agent,
          urlPath: '/v1/chat/completions',
          body: spec.body,
          headers: spec.headers,
        });
        const problem = problemOf(res, spec);
        if (problem) problems.push(problem);
        samples.ms.push(res.ms);
        samples.ttfb.push(res.ttfbMs);
        samples.headers.push(res.headersMs);
      } catch (error) {
        errors++;
        if (errors <= 3) log(`${kind} worker ${w}: ${error.message}`);
      }
      if (paced && Date.now() < end) await sleep(crypto.randomInt(2 * UPSTREAM_DELAY_MS + 1));
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  const cores1 = cpuTimes();
  const self = process.cpuUsage(self0);
  for (const k of Object.keys(samples)) samples[k].sort((a, b) => a - b);
  const stats = {
    kind,
    n: samples.ms.length,
    errors,
    problems: problems.length,
    firstProblem: problems[0],
    reqPerSec: samples.ms.length / elapsed,
    p50: percentile(samples.ms, 50),
    p99: percentile(samples.ms, 99),
    ttfbP50: percentile(samples.ttfb, 50),
    ttfbP99: percentile(samples.ttfb, 99),
    serverCpu: serviceChild ? (100 * (processCpuSeconds(serviceChild.pid) - server0)) / elapsed : NaN,
    benchCpu:
      (100 * ((self.user + self.system) / 1e6 + (redisPid ? processCpuSeconds(redisPid) - redis0 : 0))) / elapsed,
  };
  if (PIN) {
    stats.foreignServerCore = Math.max(
      0,
      busyPercent(cores0, cores1, PIN.server) - (Number.isFinite(stats.serverCpu) ? stats.serverCpu : 0),
    );
    stats.foreignOtherCore = Math.max(0, busyPercent(cores0, cores1, PIN.others) - stats.benchCpu);
    stats.disturbed = stats.foreignServerCore > DISTURBED_PCT || stats.foreignOtherCore > DISTURBED_PCT;
  }
  return stats;
}

function checkRun(what, s) {
  assert(s.errors === 0, `${what}: ${s.errors} request errors`);
  assert(s.problems === 0, `${what}: ${s.problems} bad responses, first: ${s.firstProblem}`);
  assert(s.n > 0, `${what}: no request completed`);
}

// ---------------------------------------------------------------------------------------------
// One store: start the service, fill the hit, warm up, rounds

async function benchStore(store, upstream, redis) {
  // Each Redis store starts empty: the streamed hit is filled as a MISS.
  if (store.startsWith('redis'))
    assert(spawnSync('redis-cli', ['-u', redis.url, 'FLUSHALL']).status === 0, 'redis-cli FLUSHALL');
  const service = await startService(store.startsWith('redis') ? redis.url : undefined, upstream.port);
  if (PIN) assertPinned(service.child.pid, PIN.server, 'service');
  const floor = await startRelayFloor(upstream.port);
  if (PIN) assertPinned(floor.child.pid, PIN.server, 'relay-floor');
  log(`${store}: service ready on ${service.port}`);
  const targets = {
    direct: { port: upstream.port, agent: newAgent() },
    proxy: { port: service.port, agent: newAgent() },
    relay: { port: floor.port, agent: newAgent() },
  };
  const targetOf = (kind) =>
    kind.endsWith('direct') ? targets.direct : kind.endsWith('relay') ? targets.relay : targets.proxy;
  const cpuOf = (kind) => (kind.endsWith('relay') ? floor.child : service.child);

  // Fill the streamed hit: MISS first, then HIT (JSON and SSE share the exact key: stream is delivery-only).
  const fillSpec = { ...requestOf('sse-hit'), expectCache: 'MISS' };
  const first = await timedRequest({
    port: service.port,
    agent: targets.proxy.agent,
    urlPath: '/v1/chat/completions',
    body: fillSpec.body,
  });
  assert(!problemOf(first, fillSpec), `filling the hit: ${problemOf(first, fillSpec)}`);
  let hit;
  for (let i = 0; i < 20; i++) {
    await sleep(50); // the streamed miss is stored after its last byte is sent
    hit = await timedRequest({
      port: service.port,
      agent: targets.proxy.agent,
      urlPath: '/v1/chat/completions',
      body: requestOf('sse-hit').body,
    });
    if (hit.headers['x-cache'] === 'HIT') break;
  }
  assert(!problemOf(hit, requestOf('sse-hit')), `streamed hit: ${problemOf(hit, requestOf('sse-hit'))}`);
  const chatBefore = upstream.calls.chat;
  log(`${store}: checks passed (streamed MISS then HIT, key ${hit.headers['x-cache-key']})`);

  if (WARMUP > 0) {
    for (const kind of KINDS) {
      const warm = await run(kind, targetOf(kind), WARMUP, cpuOf(kind));
      checkRun(`${store} warm-up ${kind}`, warm);
    }
    log(`${store}: warm-up done (${WARMUP} s per kind, discarded)`);
  }

  const rounds = [];
  let expectedUpstream = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? [...KINDS] : [...KINDS].reverse();
    const row = { round, order };
    for (const kind of order) {
      assert(!service.child.exitInfo, `service exited (${JSON.stringify(service.child.exitInfo)})`);
      const target = targetOf(kind);
      const conns0 = upstream.connections;
      const s = await run(kind, target, DURATION, cpuOf(kind));
      s.upstreamConnections = upstream.connections - conns0;
      checkRun(`${store} round ${round} ${kind}`, s);
      if (!kind.endsWith('hit')) expectedUpstream += s.n;
      row[kind] = s;
      log(
        `${store} round ${round} ${kind}: n ${s.n}, ${s.reqPerSec.toFixed(1)} req/s, total p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(2)} ms, ` +
          `TTFB p50 ${s.ttfbP50.toFixed(2)} / p99 ${s.ttfbP99.toFixed(2)} ms, new upstream connections ${s.upstreamConnections}, service CPU ${pct(s.serverCpu)} %` +
          (PIN
            ? `, other processes CPU ${PIN.server} ${pct(s.foreignServerCore)} % / CPU ${PIN.others} ${pct(s.foreignOtherCore)} %`
            : ''),
      );
    }
    row.added = {
      jsonRelay: {
        p50: row['json-relay'].p50 - row['json-direct'].p50,
        p99: row['json-relay'].p99 - row['json-direct'].p99,
      },
      sseRelay: {
        p50: row['sse-relay'].ttfbP50 - row['sse-direct'].ttfbP50,
        p99: row['sse-relay'].ttfbP99 - row['sse-direct'].ttfbP99,
      },
      jsonNostore: {
        p50: row['json-nostore'].p50 - row['json-direct'].p50,
        p99: row['json-nostore'].p99 - row['json-direct'].p99,
      },
      jsonMiss: {
        p50: row['json-miss'].p50 - row['json-direct'].p50,
        p99: row['json-miss'].p99 - row['json-direct'].p99,
      },
      sseNostore: {
        p50: row['sse-nostore'].ttfbP50 - row['sse-direct'].ttfbP50,
        p99: row['sse-nostore'].ttfbP99 - row['sse-direct'].ttfbP99,
      },
      sseMiss: {
        p50: row['sse-miss'].ttfbP50 - row['sse-direct'].ttfbP50,
        p99: row['sse-miss'].ttfbP99 - row['sse-direct'].ttfbP99,
      },
    };
    rounds.push(row);
  }
  // Warm-ups (excluded from expectedUpstream) also called the upstream: only check that hits never did.
  const upstreamCalls = upstream.calls.chat - chatBefore;
  const hitCount = rounds.reduce((a, r) => a + r['sse-hit'].n, 0);
  assert(
    upstreamCalls >= expectedUpstream,
    `upstream saw ${upstreamCalls} chat calls, fewer than the ${expectedUpstream} forwarded requests`,
  );
  let semanticEntries;
  try {
    const m = await timedRequest({ port: service.port, agent: false, urlPath: '/metrics' });
    const line = m.text.split('\n').find((l) => /entries\{[^}]*layer="semantic"/.test(l));
    semanticEntries = line ? Number(line.trim().split(/\s+/).pop()) : undefined;
  } catch {
    semanticEntries = undefined;
  }
  await stopChild(service.child, 10_000);
  await stopChild(floor.child, 5_000);
  for (const t of Object.values(targets)) {
    t.agent.destroy();
    agents.delete(t.agent);
  }
  return { store, rounds, hitCount, semanticEntries };
}

// ---------------------------------------------------------------------------------------------
// Report

const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const signed = (n) => (Number.isFinite(n) ? `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}` : '–');

function summarise(result) {
  const med = (fn) => median(result.rounds.map(fn));
  const kinds = {};
  for (const kind of KINDS) {
    kinds[kind] = {
      p50: med((r) => r[kind].p50),
      p99: med((r) => r[kind].p99),
      ttfbP50: med((r) => r[kind].ttfbP50),
      ttfbP99: med((r) => r[kind].ttfbP99),
      reqPerSec: med((r) => r[kind].reqPerSec),
      n: result.rounds.reduce((a, r) => a + r[kind].n, 0),
    };
  }
  const added = {};
  for (const k of ['jsonRelay', 'jsonNostore', 'jsonMiss', 'sseRelay', 'sseNostore', 'sseMiss']) {
    added[k] = {
      p50: med((r) => r.added[k].p50),
      p99: med((r) => r.added[k].p99),
      perRoundP50: result.rounds.map((r) => r.added[k].p50),
    };
  }
  return { kinds, added };
}

function storeLabel(store) {
  if (store === 'memory') return 'in-process store (no `REDIS_URL`)';
  return 'private Redis (`REDIS_URL`)';
}

function headlineTable(results) {
  const rows = [
    '| store | miss flavour | added p50 ms (per round) | **added p50 ms (median)** | added p99 ms (median) | target p50 ≤ 3 ms |',
    '|---|---|---|---:|---:|---|',
  ];
  for (const res of results) {
    const { added } = res.summary;
    const line = (label, a, gated) =>
      `| ${res.store} | ${label} | ${a.perRoundP50.map(signed).join(', ')} | **${signed(a.p50)}** | ${signed(a.p99)} | ${gated ? (a.p50 <= TARGET_ADDED_P50_MS ? 'met' : '**NOT met**') : '–'} |`;
    rows.push(line('JSON, bare relay (floor, no cache), total time', added.jsonRelay, false));
    rows.push(line('JSON, `no-store` (pure forwarding), total time', added.jsonNostore, true));
    rows.push(line('JSON, unique prompt (lookup + forward + store), total time', added.jsonMiss, true));
    rows.push(line('SSE, bare relay (floor, no cache), time to first byte', added.sseRelay, false));
    rows.push(line('SSE, `no-store`, time to first byte', added.sseNostore, true));
    rows.push(line('SSE, unique prompt, time to first byte', added.sseMiss, true));
  }
  return rows.join('\n');
}

function kindsTable(results) {
  const rows = [
    '| store | measurement | requests (all rounds) | req/s (median) | total p50 / p99 ms | TTFB p50 / p99 ms |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const res of results) {
    for (const kind of KINDS) {
      const k = res.summary.kinds[kind];
      rows.push(
        `| ${res.store} | ${KIND_TEXT[kind]} | ${k.n} | ${f1(k.reqPerSec)} | ${f2(k.p50)} / ${f2(k.p99)} | ${f2(k.ttfbP50)} / ${f2(k.ttfbP99)} |`,
      );
    }
  }
  return rows.join('\n');
}

function roundsTable(results) {
  const cpuCols = PIN ? ['service CPU %', `busy not ours, CPU ${PIN.server} / ${PIN.others} %`] : ['service CPU %'];
  const rows = [
    `| store | round | measurement | n | total p50 / p99 ms | TTFB p50 / p99 ms | ${cpuCols.join(' | ')} |`,
    `|---|---:|---|---:|---:|---:|${cpuCols.map(() => '---:|').join('')}`,
  ];
  for (const res of results) {
    for (const r of res.rounds) {
      for (const kind of r.order) {
        const s = r[kind];
        const cpu = PIN
          ? [
              pct(s.serverCpu),
              `${flag(s.foreignServerCore, DISTURBED_PCT)} / ${flag(s.foreignOtherCore, DISTURBED_PCT)}`,
            ]
          : [pct(s.serverCpu)];
        rows.push(
          `| ${res.store} | ${r.round} | ${kind} | ${s.n} | ${f2(s.p50)} / ${f2(s.p99)} | ${f2(s.ttfbP50)} / ${f2(s.ttfbP99)} | ${cpu.join(' | ')} |`,
        );
      }
    }
  }
  return rows.join('\n');
}

function verdict(results) {
  const lines = [];
  for (const res of results) {
    const { added } = res.summary;
    const worst = Math.max(added.jsonNostore.p50, added.jsonMiss.p50, added.sseNostore.p50, added.sseMiss.p50);
    lines.push(
      `- ${storeLabel(res.store)}: added p50 on a miss ${signed(added.jsonNostore.p50)} ms (no-store) and ${signed(added.jsonMiss.p50)} ms ` +
        `(unique prompt) for JSON, ${signed(added.sseNostore.p50)} / ${signed(added.sseMiss.p50)} ms to first byte for SSE: ` +
        `target ≤ ${TARGET_ADDED_P50_MS} ms **${worst <= TARGET_ADDED_P50_MS ? 'met' : 'NOT met'}**` +
        ` (the bare relay floor adds ${signed(added.jsonRelay.p50)} / ${signed(added.sseRelay.p50)} ms on this machine in the same run). ` +
        `Streamed HIT: first byte p50 ${f2(res.summary.kinds['sse-hit'].ttfbP50)} ms, p99 ${f2(res.summary.kinds['sse-hit'].ttfbP99)} ms ` +
        `(streamed miss: ${f2(res.summary.kinds['sse-miss'].ttfbP50)} / ${f2(res.summary.kinds['sse-miss'].ttfbP99)} ms).`,
    );
  }
  return lines;
}

function disturbedLine(results) {
  if (!PIN) return '';
  const all = results.flatMap((res) => res.rounds.flatMap((r) => r.order.map((k) => r[k])));
  const n = all.filter((s) => s.disturbed).length;
  const what =
    'CPU time none of our processes used (other processes, kernel work not charged to a process, or the hypervisor)';
  if (n === 0) return `No measurement saw more than ${DISTURBED_PCT} % of either core busy with ${what}.`;
  return `**The machine was not quiet:** in ${n} of ${all.length} measurements more than ${DISTURBED_PCT} % of a core was busy with ${what} (in bold in the per-round table, "busy not ours" column); latencies of those measurements include waiting for the CPU.`;
}

function renderSection(results, run) {
  const pinning = PIN
    ? `service pinned alone on CPU ${PIN.server}, the bench and redis-server on CPU ${PIN.others}`
    : 'no CPU pinning';
  const what =
    'Latency the proxy adds to a `POST /v1/chat/completions` miss (proxied − direct to a fake upstream that answers ' +
    `after ${UPSTREAM_DELAY_MS} ms; SSE chunks ${CHUNK_GAP_MS} ms apart), against a bare relay floor (\`bench/relay-floor.js\`: Fastify + undici, no cache), ` +
    `and the first byte of a streamed hit. Target: ≤ ${TARGET_ADDED_P50_MS} ms added at p50 on a miss. ` +
    `${ROUNDS} rounds × ${DURATION} s per measurement, ${CONNECTIONS} closed-loop connections, ${pinning}; method in the header of \`bench/proxy-overhead.js\`.`;
  const hits = results.map((res) => {
    const hit = res.summary.kinds['sse-hit'];
    return `${res.store} ${f2(hit.ttfbP50)} / ${f2(hit.ttfbP99)} ms`;
  });
  return [
    ...sectionHead(SECTION_TITLE, what, run),
    headlineTable(results),
    '',
    `Streamed HIT, first byte p50 / p99: ${hits.join('; ')}.`,
    ...(disturbedLine(results)
      ? ['', disturbedLine(results).replace(/ \(in bold in the per-round table[^)]*\)/, '')]
      : []),
    '',
  ].join('\n');
}

/** The key figures of one store for bench/results/proxy.json, in ms. */
function storeFigures(res) {
  const { added, kinds } = res.summary;
  const a = (x) => ({ p50: Number(x.p50.toFixed(2)), p99: Number(x.p99.toFixed(2)) });
  return {
    addedMs: {
      jsonRelay: a(added.jsonRelay),
      jsonNostore: a(added.jsonNostore),
      jsonMiss: a(added.jsonMiss),
      sseRelay: a(added.sseRelay),
      sseNostore: a(added.sseNostore),
      sseMiss: a(added.sseMiss),
    },
    sseHitTtfbMs: {
      p50: Number(kinds['sse-hit'].ttfbP50.toFixed(2)),
      p99: Number(kinds['sse-hit'].ttfbP99.toFixed(2)),
    },
  };
}

function writeDocs(results, command, build) {
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run build && ${command}`,
    build,
    machine: machine(),
  };
  writeSection(DOC_PATH, SECTION_TITLE, renderSection(results, run));
  const file = appendResult('proxy', {
    ...run,
    figures: Object.fromEntries(results.map((res) => [res.store, storeFigures(res)])),
  });
  log(`wrote ${path.relative(ROOT, DOC_PATH)} and appended to ${file}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = Date.now();
  const globalTimer = globalTimeout(GLOBAL_TIMEOUT_MS);

  if (PIN) {
    pinSelf(PIN.others);
    log(
      `CPU pinning: service on CPU ${PIN.server}; this process (load + fake upstream) and redis-server on CPU ${PIN.others}`,
    );
  } else {
    log('CPU pinning off');
  }
  tmpDir = makeTmpDir('proxy-overhead-bench-');
  const upstream = await startFakeUpstream({
    answer: ANSWER,
    delayMs: UPSTREAM_DELAY_MS,
    chunkGapMs: CHUNK_GAP_MS,
    keepAliveTimeoutMs: 120_000, // clients (the bench, the service) keep their sockets between runs
  });
  log(
    `fake OpenAI upstream on http://${HOST}:${upstream.port}/v1 (delay ${UPSTREAM_DELAY_MS} ms, SSE chunk gap ${CHUNK_GAP_MS} ms)`,
  );
  let redis;
  if (STORES.some((s) => s.startsWith('redis'))) {
    redis = await startRedis({ dir: tmpDir, cpu: PIN && PIN.others });
    redisPid = redis.child.pid;
    if (PIN) assertPinned(redis.child.pid, PIN.others, 'redis-server');
    log(`private redis-server on ${redis.url}`);
  }

  const results = [];
  for (const store of STORES) {
    const res = await benchStore(store, upstream, redis);
    res.summary = summarise(res);
    results.push(res);
  }
  if (redis) await stopChild(redis.child);
  await cleanup();
  clearTimeout(globalTimer);

  const build = buildLabel();
  const command = reproduceCommand('bench:proxy', 'bench/proxy-overhead.js');
  console.log(
    `\n/v1/chat/completions proxy overhead: upstream delay ${UPSTREAM_DELAY_MS} ms, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${KINDS.length} kinds × ${DURATION} s per store, ` +
      `${machine().cores} cores, pinning ${PIN ? `on (service CPU ${PIN.server}, bench + redis CPU ${PIN.others})` : 'off'}, Node ${process.version}\n`,
  );
  console.log(verdict(results).join('\n').replace(/\*\*/g, ''));
  console.log('');
  console.log(headlineTable(results));
  console.log('');
  console.log(kindsTable(results));
  console.log('');
  console.log(roundsTable(results));
  if (disturbedLine(results)) console.log(`\n${disturbedLine(results).replace(/\*\*/g, '')}`);
  console.log(`\nBuild: ${build}\nCommand: ${command}\nWall time: ${((Date.now() - startedAt) / 1000).toFixed(0)} s\n`);

  if (WRITE_DOCS) writeDocs(results, command, build);
  else log('docs/BENCHMARKS.md not written (BENCH_WRITE_DOCS=0)');
  if (process.env.BENCH_ENFORCE === '1') {
    const gated = ['jsonNostore', 'jsonMiss', 'sseNostore', 'sseMiss'];
    const worst = Math.max(...results.flatMap((r) => gated.map((k) => r.summary.added[k].p50)));
    if (worst > TARGET_ADDED_P50_MS) {
      log(`added p50 ${worst.toFixed(2)} ms is above the target ${TARGET_ADDED_P50_MS} ms`);
      process.exitCode = 1;
    }
  }
}

main().catch(fail);
