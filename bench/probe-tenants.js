#!/usr/bin/env node
'use strict';
/**
 * Tenant probe: do two API keys ever receive each other's cached answers?
 *
 *   PROBE_URL=http://127.0.0.1:3000 PROBE_KEY_A=ka PROBE_KEY_B=kb npm run probe:tenants
 *
 * Sends PROBE_REQUESTS (default 1000) interleaved requests from the two keys, PROBE_CONCURRENCY
 * (default 50) at a time: the same questions and light paraphrases of them, through /ask and
 * /v1/chat/completions, in exact and semantic mode. Every question carries one nonce per run, so
 * nothing cached by an earlier run can answer. Prints the count of cross-tenant answers and exits
 * 1 if there is any:
 *   - an answer served from the cache (HIT, SEMANTIC_HIT, COALESCED) that the other key's own
 *     misses produced and this key's did not (needs an upstream whose answers differ per call,
 *     like an LLM at temperature > 0, or the tests' fake that numbers its answers);
 *   - a response whose reported cache key lies outside the key's namespace.
 * PROBE_MODEL (default gpt-4o-mini) is the chat model; /ask uses the service's LLM_MODEL.
 */

const BASE_QUESTIONS = [
  ['What is a cache?', 'what is a cache?'],
  ['How does HTTP caching work?', 'How does HTTP caching work ?'],
  ['Explain the CAP theorem.', 'explain the CAP theorem.'],
  ['What is Redis used for?', 'What is Redis used for'],
  ['什麼是快取？', '什麼是快取?'],
  ['Why is the sky blue?', 'why is the sky blue?'],
];

/** Small deterministic PRNG (mulberry32), so a run is reproducible from its seed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plan(requests, nonce, seed) {
  const next = random(seed);
  return Array.from({ length: requests }, (_, i) => {
    const [base, paraphrase] = BASE_QUESTIONS[Math.floor(next() * BASE_QUESTIONS.length)];
    return {
      tenant: i % 2,
      question: `${next() < 0.5 ? base : paraphrase} [${nonce}]`,
      route: next() < 0.5 ? 'ask' : 'chat',
      mode: next() < 0.3 ? 'exact' : 'semantic',
    };
  });
}

async function send(url, key, step, model) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-cache-mode': step.mode };
  if (step.route === 'ask') {
    const response = await fetch(`${url}/ask`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ question: step.question }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`/ask answered ${response.status}: ${JSON.stringify(body)}`);
    return {
      answer: body.answer,
      status: response.headers.get('x-cache'),
      key: body.cacheKey,
      namespace: body.namespace,
    };
  }
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model, messages: [{ role: 'user', content: step.question }] }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`/v1/chat/completions answered ${response.status}: ${JSON.stringify(body)}`);
  return {
    answer: body.choices[0].message.content,
    status: response.headers.get('x-cache'),
    key: response.headers.get('x-cache-key'),
  };
}

const namespaceOfKey = (cacheKey) => cacheKey.split(':')[1];
const within = (namespace, base) => namespace === base || namespace.startsWith(`${base}/`);

/** Counts the answers of one run that crossed from one tenant to the other. */
function analyse(results) {
  const produced = [new Set(), new Set()];
  for (const r of results) if (r.status === 'MISS') produced[r.tenant].add(r.answer);
  const home = [0, 1].map((t) => results.find((r) => r.tenant === t && r.namespace)?.namespace);
  const statuses = {};
  let crossTenant = 0;
  let unattributed = 0;
  for (const r of results) {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const other = 1 - r.tenant;
    const leakedContent = r.status !== 'MISS' && !produced[r.tenant].has(r.answer) && produced[other].has(r.answer);
    const leakedKey = home[r.tenant] !== undefined && !within(namespaceOfKey(r.key), home[r.tenant]);
    if (leakedContent || leakedKey) crossTenant++;
    else if (r.status !== 'MISS' && !produced[r.tenant].has(r.answer)) unattributed++;
  }
  return { requests: results.length, crossTenant, unattributed, statuses, namespaces: home };
}

/**
 * Runs the probe against a service at `url` with two API keys; resolves the counts. Each key's
 * first request is an /ask, whose reply names the key's namespace.
 */
async function probeTenants({ url, keys, requests = 1000, concurrency = 50, model = 'gpt-4o-mini', seed = 1 }) {
  const nonce = `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const steps = plan(requests, nonce, seed);
  for (const tenant of [0, 1]) steps.find((s) => s.tenant === tenant).route = 'ask';
  const results = new Array(steps.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < steps.length) {
      const index = nextIndex++;
      const step = steps[index];
      results[index] = { tenant: step.tenant, ...(await send(url, keys[step.tenant], step, model)) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, steps.length) }, worker));
  return analyse(results);
}

async function main() {
  const { PROBE_URL = 'http://127.0.0.1:3000', PROBE_KEY_A, PROBE_KEY_B } = process.env;
  if (!PROBE_KEY_A || !PROBE_KEY_B || PROBE_KEY_A === PROBE_KEY_B) {
    console.error('Set PROBE_KEY_A and PROBE_KEY_B to two different API keys of the service at PROBE_URL');
    process.exit(2);
  }
  const report = await probeTenants({
    url: PROBE_URL.replace(/\/$/, ''),
    keys: [PROBE_KEY_A, PROBE_KEY_B],
    requests: Number(process.env.PROBE_REQUESTS ?? 1000),
    concurrency: Number(process.env.PROBE_CONCURRENCY ?? 50),
    model: process.env.PROBE_MODEL ?? 'gpt-4o-mini',
  });
  console.log(JSON.stringify(report, null, 2));
  console.log(`cross-tenant answers: ${report.crossTenant}`);
  process.exit(report.crossTenant > 0 ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(2);
  });
}

module.exports = { probeTenants };
