'use strict';
/**
 * The work the cache does beside answering, at scale: what it costs the event loop (and Redis),
 * each measured in the same run against the way it was done before.
 *
 *   npm run build && npm run bench:housekeeping
 *
 *   1. semantic entry gauge and sweep: BENCH_ENTRIES (1,000,000) entries in InMemoryVectors (8-d
 *      vectors, 1,000 partitions); `size()` (read on every metrics scrape) and a sweep that finds
 *      nothing expired, against the walk through lru-cache's iterator that both did before; then,
 *      a tenth of the entries expired, the longest the event loop waits during one sweep pass
 *      against the sweep in slices that the periodic maintenance runs (a setImmediate loop measures it);
 *   2. the switch of a lexical partition from exact scan to HNSW: unique prompts like bench:proxy's
 *      (10 random-letter words, seeded) embedded by LexicalEmbedder and upserted one by one; the worst
 *      single upsert, against moving every scanned entry into the new graph at once (one `flush()`
 *      of a bucket filled to the same point);
 *   3. prompt keys in Redis: BENCH_KEYS (1,000,000) `prompt_cache:*` keys in a private redis-server;
 *      one count (SCAN, as the `prompt` entry gauge takes it) in wall time, Redis CPU and this
 *      process's CPU, against a scrape served by `reusedCount`.
 * Writes the section "## Housekeeping at scale" of docs/BENCHMARKS.md and appends a record to
 * bench/results/housekeeping.json (BENCH_WRITE_DOCS=0: neither).
 */
const path = require('node:path');
const { startRedis } = require('./lib/redis');
const { appendResult } = require('./lib/results');
const { makeTmpDir, cleanup, installFailureHandlers, globalTimeout, stopChild } = require('./lib/children');
const { requireDist } = require('./lib/dist');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { median } = require('./lib/stats');
const { log, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const TITLE = '## Housekeeping at scale (bench/housekeeping.js)';
const ENTRIES = Number(process.env.BENCH_ENTRIES || 1_000_000);
const KEYS = Number(process.env.BENCH_KEYS || 1_000_000);
const LEXICAL_WRITES = 2_600;
const REPEATS = 3;

const { InMemoryVectors } = requireDist('vector-index/in-memory-vectors');
const { PartitionBucket } = requireDist('vector-index/partition-bucket');
const { bucketSettings } = requireDist('vector-index/ann/bucket-settings');
const { LexicalEmbedder } = requireDist('embedding/adapters/lexical-embedder');
const { countKeysByPrefix } = requireDist('redis/scan-keys');
const { reusedCount } = requireDist('metrics/reused-count');
const Redis = require('ioredis');

const timed = (fn) => {
  const started = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
};
const medianMs = (fn) => median(Array.from({ length: REPEATS }, () => timed(fn).ms));

// 1. Entry gauge and sweep ---------------------------------------------------------------------

/** BENCH_ENTRIES 8-d entries in 1,000 partitions; every tenth expires when the clock passes `clock.at + 1 s`. */
function filledIndex(clock) {
  const vectors = new InMemoryVectors({ maxEntries: ENTRIES + 1, bucket: bucketSettings('f32'), now: () => clock.at });
  let batch = [];
  for (let i = 0; i < ENTRIES; i++) {
    const vector = new Float32Array(8);
    vector[i % 8] = 1;
    const expiresAt = clock.at + (i % 10 === 0 ? 1_000 : 3_600_000);
    batch.push({ ref: { namespace: 'bench', partition: `p${i % 1000}`, id: `id${i}`, expiresAt }, vector });
    if (batch.length === 10_000) (vectors.upsertMany(batch), (batch = []));
  }
  vectors.upsertMany(batch);
  assert(vectors.size() === ENTRIES, `${ENTRIES} entries held`);
  return vectors;
}

/** Runs `work` while a setImmediate loop measures the longest the event loop was held; resolves { ms, longestMs, value }. */
async function longestBlock(work) {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  running = false;
  longest = Math.max(longest, performance.now() - last);
  return { ms, longestMs: longest, value };
}

async function entryGaugeAndSweep() {
  const clock = { at: Date.now() };
  let vectors = filledIndex(clock);
  // Before: the gauge and the sweep walked every entry through lru-cache's iterator (size() swept first).
  const lruWalk = () => {
    let expired = 0;
    for (const ref of vectors.entries.values()) if (ref.expiresAt <= clock.at) expired++;
    return expired;
  };
  const result = {
    sizeMs: medianMs(() => vectors.size()),
    lruWalkMs: medianMs(lruWalk),
    sweepNothing: await longestBlock(() => vectors.sweepExpiredInSlices()),
  };
  clock.at += 2_000; // a tenth of the entries have expired now
  const atOnce = await longestBlock(async () => vectors.sweepExpired());
  assert(atOnce.value.length === ENTRIES / 10, `swept ${atOnce.value.length} of ${ENTRIES / 10}`);
  vectors = undefined;
  global.gc?.();
  const sliceClock = { at: Date.now() };
  vectors = filledIndex(sliceClock);
  sliceClock.at += 2_000;
  const sliced = await longestBlock(() => vectors.sweepExpiredInSlices());
  assert(sliced.value.length === ENTRIES / 10, `swept ${sliced.value.length} of ${ENTRIES / 10} in slices`);
  Object.assign(result, { expired: ENTRIES / 10, atOnce, sliced });
  log(
    `gauge: size() ${result.sizeMs.toFixed(3)} ms, LRU walk (before) ${result.lruWalkMs.toFixed(1)} ms; sweep of nothing: longest ${result.sweepNothing.longestMs.toFixed(1)} ms of ${result.sweepNothing.ms.toFixed(0)} ms; sweep of ${ENTRIES / 10} expired: at once ${atOnce.ms.toFixed(0)} ms, in slices longest ${sliced.longestMs.toFixed(1)} ms of ${sliced.ms.toFixed(0)} ms`,
  );
  return result;
}

// 2. The switch to HNSW ------------------------------------------------------------------------

/** Deterministic random-letter prompts (an LCG), shaped like bench:proxy's unique prompts. */
function prompts(count) {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 10 }, () =>
      Array.from({ length: 5 + Math.floor(next() * 6) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join(
        '',
      ),
    );
    return `Explain ${words.join(' ')}`;
  });
}

async function switchToGraph() {
  const embedder = new LexicalEmbedder();
  if (embedder.onModuleInit) await embedder.onModuleInit();
  const vectors = [];
  for (const prompt of prompts(LEXICAL_WRITES)) vectors.push(await embedder.embed(prompt));
  const ref = (i) => ({ namespace: 'bench', partition: 'lexical', id: `q${i}` });

  const bucket = new PartitionBucket(bucketSettings('f32'));
  const upserts = vectors.map((vector, i) => timed(() => bucket.upsert(`q${i}`, ref(i), vector)).ms);
  let switchedAt = -1;
  {
    const probe = new PartitionBucket(bucketSettings('f32'));
    for (let i = 0; i < vectors.length && switchedAt < 0; i++) {
      probe.upsert(`q${i}`, ref(i), vectors[i]);
      if (probe.usesGraph) switchedAt = i;
    }
  }
  assert(switchedAt > 0, 'the lexical partition switched to HNSW');
  // Before: the write that crossed the limit moved every scanned entry into the graph at once.
  const before = new PartitionBucket(bucketSettings('f32'));
  for (let i = 0; i <= switchedAt; i++) before.upsert(`q${i}`, ref(i), vectors[i], false);
  const allAtOnceMs = timed(() => before.flush()).ms;
  const sorted = [...upserts].sort((a, b) => a - b);
  const result = {
    switchedAt: switchedAt + 1,
    meanNonZeros: vectors.reduce((sum, v) => sum + v.reduce((n, x) => n + (x !== 0), 0), 0) / vectors.length,
    worstUpsertMs: sorted[sorted.length - 1],
    p99UpsertMs: sorted[Math.floor(sorted.length * 0.99)],
    over10Ms: upserts.filter((ms) => ms > 10).length,
    allAtOnceMs,
  };
  log(
    `switch at ${result.switchedAt} entries: worst upsert ${result.worstUpsertMs.toFixed(1)} ms (${result.over10Ms} over 10 ms); all at once (before) ${allAtOnceMs.toFixed(1)} ms`,
  );
  return result;
}

// 3. Prompt keys in Redis ----------------------------------------------------------------------

async function redisCpuSeconds(redis) {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]);
}

async function promptKeys(dir) {
  const server = await startRedis({ dir });
  const redis = new Redis(server.url, { enableAutoPipelining: true });
  try {
    for (let i = 0; i < KEYS; i += 10_000) {
      const pipeline = redis.pipeline();
      for (let j = i; j < Math.min(KEYS, i + 10_000); j++)
        pipeline.set(`prompt_cache:default:${j.toString(16).padStart(64, '0')}`, 'x', 'EX', 3600);
      await pipeline.exec();
    }
    const count = () => countKeysByPrefix(redis, 'prompt_cache:');
    const redis0 = await redisCpuSeconds(redis);
    const cpu0 = process.cpuUsage();
    let started = process.hrtime.bigint();
    const counted = await count();
    const scanMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const scanRedisCpuMs = ((await redisCpuSeconds(redis)) - redis0) * 1000;
    assert(counted === KEYS, `counted ${counted} of ${KEYS} keys`);

    const reused = reusedCount(count, {
      maxAgeMs: 60_000,
      onBackgroundError: (error) => log(`count failed: ${error.message}`),
    });
    await reused();
    started = process.hrtime.bigint();
    await reused();
    const reusedMs = Number(process.hrtime.bigint() - started) / 1e6;

    const result = { scanMs, scanRedisCpuMs, scanOwnCpuMs: (cpu.user + cpu.system) / 1000, reusedMs };
    log(
      `prompt keys: count ${scanMs.toFixed(0)} ms (Redis CPU ${scanRedisCpuMs.toFixed(0)} ms), reused ${reusedMs.toFixed(3)} ms`,
    );
    return result;
  } finally {
    redis.disconnect();
    await stopChild(server.child);
  }
}

// Report -----------------------------------------------------------------------------------------

function section(gauge, graphSwitch, keys, run) {
  const ms = (x, digits = 1) => `${x.toFixed(digits)} ms`;
  const what =
    'Work the cache does beside answering, which blocks the event loop (or Redis) for everyone when it is slow, ' +
    'measured at scale against the naive way in the same run. One process, not pinned; Redis a private ' +
    `\`redis-server\`; medians of ${REPEATS} for the gauge and sweep, single runs otherwise. Method in the header of \`bench/housekeeping.js\`.`;
  return [
    ...sectionHead(TITLE, what, run),
    '| work | when | naive | now |',
    '|---|---|---:|---:|',
    `| semantic entry gauge, ${ENTRIES.toLocaleString('en-US')} entries (\`size()\`) | every metrics scrape | ${ms(gauge.lruWalkMs)} (swept through lru-cache) | ${ms(gauge.sizeMs, 3)} |`,
    `| sweep finding nothing expired, same index: longest the event loop waits | every SEMANTIC_SWEEP_INTERVAL_S | ${ms(gauge.lruWalkMs)} (one walk through lru-cache) | ${ms(gauge.sweepNothing.longestMs)} (whole sweep ${ms(gauge.sweepNothing.ms, 0)}) |`,
    `| sweep of ${gauge.expired.toLocaleString('en-US')} expired entries, same index: longest the event loop waits | every SEMANTIC_SWEEP_INTERVAL_S | ${ms(gauge.atOnce.longestMs)} (one pass) | ${ms(gauge.sliced.longestMs)} (whole sweep ${ms(gauge.sliced.ms, 0)}) |`,
    `| lexical partition switching to HNSW at ${graphSwitch.switchedAt.toLocaleString('en-US')} entries (~${graphSwitch.meanNonZeros.toFixed(0)} non-zeros each) | once per partition | ${ms(graphSwitch.allAtOnceMs)} (one write moves all) | ${ms(graphSwitch.worstUpsertMs)} worst write |`,
    `| prompt entry gauge with Redis, ${KEYS.toLocaleString('en-US')} keys (SCAN) | every metrics scrape | ${ms(keys.scanMs, 0)}, Redis CPU ${ms(keys.scanRedisCpuMs, 0)}, ours ${ms(keys.scanOwnCpuMs, 0)} | ${ms(keys.reusedMs, 3)} (SCAN result reused) |`,
    '',
    `Writes through the switch, all ${LEXICAL_WRITES.toLocaleString('en-US')}: p99 ${ms(graphSwitch.p99UpsertMs)}, ${graphSwitch.over10Ms} over 10 ms.`,
    '',
  ].join('\n');
}

function figures(gauge, graphSwitch, keys) {
  const r = (x, d = 3) => Number(x.toFixed(d));
  return {
    semanticEntries: ENTRIES,
    gaugeLruWalkMs: r(gauge.lruWalkMs),
    gaugeSizeMs: r(gauge.sizeMs),
    sweepNothingLongestMs: r(gauge.sweepNothing.longestMs),
    sweepExpired: gauge.expired,
    sweepExpiredOnePassMs: r(gauge.atOnce.longestMs),
    sweepExpiredLongestSliceMs: r(gauge.sliced.longestMs),
    switchAtEntries: graphSwitch.switchedAt,
    switchAllAtOnceMs: r(graphSwitch.allAtOnceMs),
    switchWorstWriteMs: r(graphSwitch.worstUpsertMs),
    switchWritesP99Ms: r(graphSwitch.p99UpsertMs),
    promptKeys: KEYS,
    promptGaugeScanMs: r(keys.scanMs),
    promptGaugeReusedMs: r(keys.reusedMs),
  };
}

async function main() {
  installFailureHandlers();
  globalTimeout(15 * 60_000);
  const dir = makeTmpDir('housekeeping-');
  const gauge = await entryGaugeAndSweep();
  const graphSwitch = await switchToGraph();
  const keys = await promptKeys(dir);
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run build && ${reproduceCommand('bench:housekeeping', 'bench/housekeeping.js')}`,
    build: buildLabel(),
    machine: machine(),
  };
  const text = section(gauge, graphSwitch, keys, run);
  console.log(`\n${text}`);
  if (process.env.BENCH_WRITE_DOCS !== '0') {
    writeSection(DOC, TITLE, text);
    const file = appendResult('housekeeping', { ...run, figures: figures(gauge, graphSwitch, keys) });
    log(`wrote docs/BENCHMARKS.md and appended to ${file}`);
  }
  await cleanup();
}

main().catch(async (error) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
