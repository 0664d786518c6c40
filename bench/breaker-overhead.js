'use strict';
/**
 * What a miss costs while the embedder hangs and its circuit breaker is open: POST /ask misses
 * (unique questions) through the service against the same chat request sent straight to the
 * upstream. With the breaker open, a miss must not wait on the embedder at all: the target is a p50
 * under 5 ms above the upstream's own latency.
 *
 *   npm run build && npm run bench:breaker
 *
 * One run:
 *   1. starts a fake OpenAI-compatible upstream in this process (the tests' FakeOpenAiServer) whose
 *      chat answers come after BENCH_UPSTREAM_DELAY_MS and whose /v1/embeddings never answers (hung);
 *   2. starts the service (dist/main.js, in-process store, EMBED_PROVIDER=openai against the fake,
 *      EMBED_TIMEOUT_MS=300, CIRCUIT_FAILURE_THRESHOLD=2, a half-open delay longer than the run);
 *   3. sends misses until llm_cache_circuit_state{dependency="embedder"} is 1 (open);
 *   4. measures BENCH_REQUESTS sequential requests of each kind, alternating: the same chat request
 *      direct to the upstream, and POST /ask with a unique question (node:http keep-alive agents,
 *      process.hrtime around each); checks that the upstream got no embedding call meanwhile;
 *   5. prints p50/p95 of both and the p50 difference; exits 1 with BENCH_ENFORCE=1 above the target.
 *
 * Env (all optional):
 *   BENCH_REQUESTS           requests of each kind (default 50)
 *   BENCH_UPSTREAM_DELAY_MS  fake upstream delay before its answer (default 100)
 *   BENCH_ENFORCE            1: exit 1 when the p50 difference is 5 ms or more
 */
const http = require('node:http');
const path = require('node:path');
const { startChild, baseEnv, cleanup, fail, installFailureHandlers, globalTimeout } = require('./lib/children');
const { startFakeUpstream } = require('./lib/fake-upstream');
const { request, waitReady } = require('./lib/http');
const { freePort } = require('./lib/ports');
const { log, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_ENTRY = path.join(ROOT, 'dist', 'main.js');
const TARGET_P50_MS = 5;
const REQUESTS = Number(process.env.BENCH_REQUESTS || 50);
const UPSTREAM_DELAY_MS = Number(process.env.BENCH_UPSTREAM_DELAY_MS || 100);
const MODEL = 'gpt-4o-mini';

/** The p-th percentile (0-100) of the values, nearest rank. */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function timed(port, urlPath, body, agent) {
  const started = process.hrtime.bigint();
  const response = await request(port, 'POST', urlPath, body, 30_000, agent);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert(response.status === 200, `POST ${urlPath} answered ${response.status}: ${response.text.slice(0, 300)}`);
  return { ms, body: response.body };
}

async function embedderBreakerState(port) {
  const { text } = await request(port, 'GET', '/metrics');
  const match = /llm_cache_circuit_state\{dependency="embedder"\} (\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

async function main() {
  installFailureHandlers();
  const timer = globalTimeout(5 * 60_000);
  const upstream = await startFakeUpstream({ answer: 'An answer from the upstream.', delayMs: UPSTREAM_DELAY_MS });
  upstream.hold('embeddings');

  const port = await freePort();
  const service = startChild('service', process.execPath, [SERVICE_ENTRY], {
    cwd: ROOT,
    env: {
      ...baseEnv(),
      HOST: '127.0.0.1',
      PORT: String(port),
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'openai',
      EMBED_TIMEOUT_MS: '300',
      CIRCUIT_FAILURE_THRESHOLD: '2',
      CIRCUIT_HALF_OPEN_AFTER_MS: '3600000',
      LLM_MAX_RETRIES: '0',
    },
  });
  await waitReady(service, port, '/health/ready', 30_000);

  let warmups = 0;
  while ((await embedderBreakerState(port)) !== 1) {
    assert(warmups < 20, 'the embedder breaker did not open');
    await request(port, 'POST', '/ask', { question: `Warm-up question ${warmups++}?` }, 30_000);
  }
  const embeddingsWhenOpen = upstream.calls.embeddings;
  log(`embedder breaker open after ${warmups} misses; measuring ${REQUESTS} requests of each kind`);

  const directAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const serviceAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const direct = [];
  const miss = [];
  for (let i = 0; i < REQUESTS; i++) {
    const messages = [{ role: 'user', content: `Direct question ${i}?` }];
    direct.push((await timed(upstream.port, '/v1/chat/completions', { model: MODEL, messages }, directAgent)).ms);
    const asked = await timed(port, '/ask', { question: `Measured question ${i}?` }, serviceAgent);
    assert(asked.body.source === 'llm', `expected a miss, got ${asked.body.source}`);
    miss.push(asked.ms);
  }
  assert(upstream.calls.embeddings === embeddingsWhenOpen, 'the embedder was called while its breaker was open');
  directAgent.destroy();
  serviceAgent.destroy();

  const result = {
    requests: REQUESTS,
    upstreamDelayMs: UPSTREAM_DELAY_MS,
    directP50Ms: +percentile(direct, 50).toFixed(2),
    directP95Ms: +percentile(direct, 95).toFixed(2),
    missP50Ms: +percentile(miss, 50).toFixed(2),
    missP95Ms: +percentile(miss, 95).toFixed(2),
  };
  result.addedP50Ms = +(result.missP50Ms - result.directP50Ms).toFixed(2);
  console.log(JSON.stringify(result, null, 2));
  log(`added p50 with the embedder breaker open: ${result.addedP50Ms} ms (target < ${TARGET_P50_MS} ms)`);

  clearTimeout(timer);
  await cleanup();
  if (process.env.BENCH_ENFORCE === '1' && result.addedP50Ms >= TARGET_P50_MS) process.exit(1);
}

main().catch(fail);
