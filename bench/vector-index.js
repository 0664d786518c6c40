'use strict';
/**
 * The semantic index alone (no HTTP, no Redis): the compiled InMemoryVectors + PartitionBucket + usearch
 * HNSW of dist/, one namespace and one partition so that a single bucket holds every vector.
 *
 *   npm run build && npm run bench:vector-index              # every case, rewrites docs/BENCHMARKS.md
 *   npm run build && node bench/vector-index.js 10k 100k     # some cases only (docs not rewritten)
 *   node bench/vector-index.js 1m --ef 192 --ef-sweep none   # graphs built with another efSearch, no sweep
 *
 * Cases: 10k, 100k, 1m (384-d float32), 100k-1536 (1536-d float32), 100k-1536-f16 (graph vectors held as
 * float16), 100k-i8, 1m-i8 (384-d, graph vectors held as int8): bucketSettings(quantization, { efSearch }).
 * Each case runs in its own `node --expose-gc` child, so memory is measured in a fresh process. Per case:
 *   1. data (seeded, so runs repeat): unit vectors around a few thousand gaussian centres (real
 *      embeddings are clustered; uniform random high-dimensional vectors are HNSW's worst case, where
 *      every point is about equally far from every other). 1000 queries from the same distribution,
 *      shuffled: 500 near-duplicates of stored vectors (cosine 0.96-0.999 to their source: the cache's
 *      real case, a retry or a close rewording) and 500 fresh points (no stored twin);
 *   2. baseline memory after GC, then the bulk load as a boot does it: keys, ids and partitions
 *      through the service's own codec (fromIndexFields, float32 bytes), `upsertMany` per batch of
 *      1000 (LOAD_BATCH of the Redis adapter). Only the `upsertMany` calls are timed;
 *   3. memory after GC: (RSS, JS heap) delta ÷ entries, against raw float32 (dim × 4 bytes);
 *   4. 100 warm-up queries (discarded), then the 1000 queries one at a time through
 *      `InMemoryVectors.nearest` (minSimilarity -1, so every query returns its best match), in 3 passes;
 *      the latencies reported are those of the pass during which other processes used the least CPU
 *      (the machine is shared; every pass is logged);
 *   5. ground truth: usearch `exactSearch` (brute force, all cores); recall@1 = share of queries whose
 *      returned vector is the exact nearest (or ties it within 1e-6 of cosine), per query kind; for
 *      fresh queries the mean cosine lost against the exact nearest; for near-duplicates the cache hits
 *      lost at 0.95 as the service decides them (exact best ≥ 0.95, but the graph's similarity or the
 *      float32 re-score of the returned vector is below 0.95);
 *   6. baseline: a plain JS brute-force scan (a dot-product loop over one Float32Array) for the first
 *      queries of the same list (fewer at large sizes); its answers must agree with the ground truth;
 *   7. writes and the event loop: a snapshot written as the service writes one (IndexSnapshots.write,
 *      its longest synchronous part reported with the longest event-loop block while it ran), the bucket
 *      saved for step 8 (PartitionBucket.save, timed: a graph save is synchronous); then 2048 single
 *      `upsert` calls of new vectors into the built graph as a server makes them: one per event-loop
 *      turn (the loop awaits setImmediate between two, so the graph inserts queued in the background
 *      run in between), each followed by a query from the list, both timed, until the background
 *      inserts have finished. The longest event-loop block of that write phase is the maximum delay of
 *      `perf_hooks.monitorEventLoopDelay` (resolution 1 ms; a synchronous block of the loop delays its
 *      timer by as long), cross-checked by the longest time the loop took between two of the bench's turns.
 *      A full GC runs first, so that the earlier steps' garbage is not collected during the writes; the
 *      longest GC pause during the writes is reported;
 *   8. efSearch sweep: the saved bucket restored (PartitionBucket.restore) with each other efSearch of
 *      EF_SWEEP (usearch fixes efSearch at construction) and queried as in 4-5.
 * The parent prints the tables and the verdict per target and, on a default run, rewrites the section
 * "## Semantic index (bench/vector-index.js)" of docs/BENCHMARKS.md with this run's figures and appends
 * them to bench/results/vector-index.json.
 *
 * Options:
 *   <case ...>   cases to run (default: all, in the order above)
 *   --ef <n>     efSearch the graphs are built with (default: EF_SEARCH of dist/, as SEMANTIC_HNSW_EF_SEARCH)
 *   --ef-sweep <n,n,...|none>  efSearch values measured again on each graph (default 32,64,128,192,256)
 * Env (optional):
 *   BENCH_WRITE_DOCS  1/0: rewrite the docs section (default 1 on a run of every case with default options, else 0)
 * Exit code: 0 on success, 1 on any failure (a child failing, a check failing, the global timeout).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const { startChild, cleanup, fail, installFailureHandlers, globalTimeout } = require('./lib/children');
const { cpuTimes, processCpuSeconds } = require('./lib/cpu-usage');
const { requireDist } = require('./lib/dist');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { appendResult } = require('./lib/results');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { log, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const DOC_PATH = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTION_TITLE = '## Semantic index (bench/vector-index.js)';

const CASES = {
  '10k': { n: 10_000, dim: 384, quantization: 'f32', scanQueries: 1000 },
  '100k': { n: 100_000, dim: 384, quantization: 'f32', scanQueries: 300 },
  '100k-i8': { n: 100_000, dim: 384, quantization: 'i8', scanQueries: 0 },
  '100k-1536': { n: 100_000, dim: 1536, quantization: 'f32', scanQueries: 100 },
  '100k-1536-f16': { n: 100_000, dim: 1536, quantization: 'f16', scanQueries: 0 },
  '1m': { n: 1_000_000, dim: 384, quantization: 'f32', scanQueries: 50 },
  '1m-i8': { n: 1_000_000, dim: 384, quantization: 'i8', scanQueries: 0 },
};
const TARGETS = {
  /** Query p99 (ms) per case. */
  queryP99Ms: { '100k-1536': 2, '1m': 5 },
  recallAt1: 0.98,
  /** Process RSS growth per entry ÷ raw float32 (dim × 4 bytes). */
  memoryRatio: 1.5,
  /** Single-upsert p99 and the longest event-loop block during the write phase (ms), per case. */
  writeBlockMs: { '100k-1536': 10, '100k-1536-f16': 10 },
};

const NAMESPACE = 'default';
const LOAD_BATCH = 1000;
const NEAR_DUPLICATES = 500;
const FRESH = 500;
const WARMUP_QUERIES = 100;
const SINGLE_UPSERTS = 2048;
const QUERY_PASSES = 3;
/** efSearch values measured again on each case's graph, besides the one it was built with. */
const EF_SWEEP = [32, 64, 128, 192, 256];
const TTL_MS = 86_400_000;
/** Returned vector counts as the nearest when its cosine is within this of the exact best (ties, float32 rounding). */
const TIE = 1e-6;
/** A near-duplicate whose exact best is at least this but whose reported similarity is below it is a cache hit lost (the lexical embedder's default threshold). */
const HIT_THRESHOLD = 0.95;
/** Other processes above this many cores during a phase mark the run as shared. */
const SHARED_CORES = 0.2;

// ---------------------------------------------------------------------------------------------
// Seeded data: clustered unit vectors

/** sfc32 seeded from a string (cyrb128): every case draws the same vectors on every run. */
function makeRng(seedText) {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < seedText.length; i++) {
    const k = seedText.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  let [a, b, c, d] = [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  const uniform = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296; // (0, 1): never 0, so log() below is finite
  };
  let spare;
  const gaussian = () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return { uniform, gaussian };
}

function normalizeAt(array, offset, dim) {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += array[offset + j] * array[offset + j];
  const scale = 1 / Math.sqrt(sum);
  for (let j = 0; j < dim; j++) array[offset + j] *= scale;
}

/**
 * The mixture every vector of a case is drawn from: `clusters` centres (random directions plus a
 * shared one, so unrelated vectors have cosine ~0.08 rather than 0, as real embeddings do), each with
 * its own spread (cosine of a member to its centre 0.71-0.89) and a Zipf-like popularity.
 */
function makeMixture(rng, dim, clusters) {
  const shared = new Float32Array(dim);
  for (let j = 0; j < dim; j++) shared[j] = rng.gaussian();
  normalizeAt(shared, 0, dim);
  const centres = new Float32Array(clusters * dim);
  const noise = new Float64Array(clusters);
  const cumulative = new Float64Array(clusters);
  let total = 0;
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < dim; j++) centres[c * dim + j] = 0.3 * shared[j] + rng.gaussian() / Math.sqrt(dim);
    normalizeAt(centres, c * dim, dim);
    noise[c] = (0.5 + 0.5 * rng.uniform()) / Math.sqrt(dim);
    total += 1 / Math.sqrt(c + 1);
    cumulative[c] = total;
  }
  const pick = (u) => {
    let lo = 0;
    let hi = clusters - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u * total) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Writes one fresh member of the mixture at out[offset...]. */
  const sample = (out, offset) => {
    const c = pick(rng.uniform());
    for (let j = 0; j < dim; j++) out[offset + j] = centres[c * dim + j] + noise[c] * rng.gaussian();
    normalizeAt(out, offset, dim);
  };
  return { sample };
}

/** `count` fresh members of the mixture, one Float32Array. */
function sampleMany(mixture, count, dim) {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) mixture.sample(out, i * dim);
  return out;
}

/** The case's stored vectors and its queries (kinds shuffled together), all seeded by (n, dim) only: f32 and i8 runs see the same data. */
function makeData({ n, dim }, label) {
  const rng = makeRng(`vector-index/${n}/${dim}`);
  const mixture = makeMixture(rng, dim, Math.min(4096, Math.max(64, Math.round(n / 25))));
  const data = new Float32Array(n * dim);
  const started = Date.now();
  for (let i = 0; i < n; i++) {
    mixture.sample(data, i * dim);
    if ((i + 1) % 200_000 === 0)
      log(`${label}: generated ${i + 1} of ${n} vectors (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  const count = NEAR_DUPLICATES + FRESH;
  const kinds = Array.from({ length: count }, (_, i) => (i < NEAR_DUPLICATES ? 'near' : 'fresh'));
  for (let i = count - 1; i > 0; i--) {
    const k = Math.floor(rng.uniform() * (i + 1));
    [kinds[i], kinds[k]] = [kinds[k], kinds[i]];
  }
  const queries = new Float32Array(count * dim);
  kinds.forEach((kind, q) => {
    if (kind === 'fresh') return mixture.sample(queries, q * dim);
    const source = Math.floor(rng.uniform() * n);
    const epsilon = (0.05 + 0.25 * rng.uniform()) / Math.sqrt(dim); // cosine to the source 0.96-0.999
    for (let j = 0; j < dim; j++) queries[q * dim + j] = data[source * dim + j] + epsilon * rng.gaussian();
    normalizeAt(queries, q * dim, dim);
  });
  return {
    data,
    queries,
    kinds,
    warmup: sampleMany(mixture, WARMUP_QUERIES, dim),
    singles: sampleMany(mixture, SINGLE_UPSERTS, dim),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring helpers

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** p50 / p99 / mean / max of durations in ms. */
function summarize(ms) {
  const sorted = Float64Array.from(ms).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean,
    max: sorted[sorted.length - 1],
  };
}

const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function dot(a, aOffset, b, bOffset, dim) {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += a[aOffset + j] * b[bOffset + j];
  return sum;
}

/** The exact scan baseline: every stored vector, one dot product each. */
function scanTop1(data, n, dim, queries, q) {
  let best = -Infinity;
  let row = -1;
  for (let r = 0; r < n; r++) {
    const similarity = dot(data, r * dim, queries, q * dim, dim);
    if (similarity > best) {
      best = similarity;
      row = r;
    }
  }
  return row;
}

function memory() {
  global.gc();
  global.gc();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  return { rss, heapUsed, heapTotal };
}

/** Other processes' CPU (in cores) between two marks: all CPUs' busy time minus this process's own. */
function cpuMark() {
  let busy = 0;
  for (const cpu of Object.values(cpuTimes())) busy += cpu.busy;
  return { busy: busy / 100, self: processCpuSeconds(process.pid), at: process.hrtime.bigint() }; // USER_HZ = 100
}
const othersCores = (a, b) => (b.busy - a.busy - (b.self - a.self)) / (Number(b.at - a.at) / 1e9);

// ---------------------------------------------------------------------------------------------
// One case (child process)

/** The compiled classes a case uses. */
function loadDist() {
  return {
    ...requireDist('vector-index/in-memory-vectors'),
    ...requireDist('vector-index/partition-bucket'),
    ...requireDist('vector-index/ann/bucket-settings'),
    ...requireDist('vector-index/embed-entry-codec'),
    ...requireDist('embed-cache/semantic-partition'),
  };
}

/** Bulk load, as the Redis adapter's boot load hands batches to the mirror; resolves the time inside `upsertMany`. */
function bulkLoad(ctx, vectors) {
  const { dist, data, n, dim, name } = ctx;
  const dimBytes = Buffer.from(String(dim));
  let buildMs = 0;
  let lastLog = Date.now();
  for (let start = 0; start < n; start += LOAD_BATCH) {
    const batch = [];
    for (let row = start; row < Math.min(n, start + LOAD_BATCH); row++) {
      const bytes = Buffer.from(data.buffer, row * dim * 4, dim * 4);
      const item = dist.fromIndexFields(
        dist.embedKey(NAMESPACE, ctx.idOf(row)),
        [Buffer.from(ctx.partition), dimBytes, bytes, null],
        ctx.expiresAt,
      );
      assert(item, `fromIndexFields decodes row ${row}`);
      batch.push(item);
    }
    const t = process.hrtime.bigint();
    vectors.upsertMany(batch);
    buildMs += elapsedMs(t);
    const done = Math.min(n, start + LOAD_BATCH);
    if (Date.now() - lastLog > 15_000 || done === n) {
      lastLog = Date.now();
      const rate = done / (buildMs / 1000);
      log(`${name}: loaded ${done} of ${n} (${rate.toFixed(0)} inserts/s, ~${((n - done) / rate).toFixed(0)} s to go)`);
    }
  }
  return buildMs;
}

/**
 * The queries one at a time through `InMemoryVectors.nearest`, in QUERY_PASSES passes; the answers
 * (row found, similarity the index reported) of the first pass, the latencies of the least disturbed one.
 */
function measureQueries(ctx, vectors, label) {
  const { dim, queries, warmup } = ctx;
  const ask = (set, q) =>
    vectors.nearest({
      namespace: NAMESPACE,
      partition: ctx.partition,
      vector: set.subarray(q * dim, (q + 1) * dim),
      minSimilarity: -1,
    });
  for (let q = 0; q < WARMUP_QUERIES; q++) ask(warmup, q);
  const passes = [];
  const found = [];
  const reported = [];
  for (let pass = 0; pass < QUERY_PASSES; pass++) {
    const mark = cpuMark();
    const queryMs = [];
    for (let q = 0; q < ctx.kinds.length; q++) {
      const t = process.hrtime.bigint();
      const match = ask(queries, q);
      queryMs.push(elapsedMs(t));
      if (pass > 0) continue;
      found.push(match ? ctx.rowOfId.get(match.ref.id) : -1);
      reported.push(match ? match.similarity : NaN);
    }
    const p = { ...summarize(queryMs), others: othersCores(mark, cpuMark()) };
    passes.push(p);
    log(
      `${label}: query pass ${pass + 1}: p50 ${p.p50.toFixed(3)} ms, p99 ${p.p99.toFixed(3)} ms, other processes ${p.others.toFixed(2)} cores`,
    );
  }
  return { query: passes.reduce((a, b) => (b.others < a.others ? b : a)), passes, found, reported };
}

/**
 * Recall@1 per query kind against the exact nearest (`truth`), and the hits lost at HIT_THRESHOLD as
 * the service decides them: the mirror keeps a candidate on the similarity the graph reports, then
 * the adapter re-scores it on the stored float32 vector.
 */
function score(ctx, truth, { found, reported }) {
  const { data, queries, dim, kinds } = ctx;
  const tally = { near: { hits: 0, count: 0, lost: 0 }, fresh: { hits: 0, count: 0, lost: 0 } };
  const hitsAtThreshold = { possible: 0, lost: 0, lostOnGraphSimilarity: 0 };
  for (let q = 0; q < kinds.length; q++) {
    const best = dot(data, truth[q] * dim, queries, q * dim, dim);
    const got = found[q] >= 0 ? dot(data, found[q] * dim, queries, q * dim, dim) : -Infinity;
    const kind = tally[kinds[q]];
    kind.count++;
    if (found[q] === truth[q] || got >= best - TIE) kind.hits++;
    kind.lost += Math.max(0, best - got);
    if (kinds[q] !== 'near' || best < HIT_THRESHOLD) continue;
    hitsAtThreshold.possible++;
    if (reported[q] >= HIT_THRESHOLD && got >= HIT_THRESHOLD) continue;
    hitsAtThreshold.lost++;
    if (got >= HIT_THRESHOLD) hitsAtThreshold.lostOnGraphSimilarity++;
  }
  return {
    all: (tally.near.hits + tally.fresh.hits) / kinds.length,
    near: tally.near.hits / tally.near.count,
    fresh: tally.fresh.hits / tally.fresh.count,
    freshMeanLost: tally.fresh.lost / tally.fresh.count,
    hitsAtThreshold,
  };
}

/** The exact scan baseline on the first queries of the list; its answers must agree with exactSearch. */
function scanBaseline(ctx, truth, count) {
  const { data, queries, n, dim } = ctx;
  const scanMs = [];
  for (let q = 0; q < count; q++) {
    const t = process.hrtime.bigint();
    const row = scanTop1(data, n, dim, queries, q);
    scanMs.push(elapsedMs(t));
    const gap = dot(data, truth[q] * dim, queries, q * dim, dim) - dot(data, row * dim, queries, q * dim, dim);
    assert(Math.abs(gap) < 1e-5, `${ctx.name}: JS scan and exactSearch disagree on query ${q} (cosine gap ${gap})`);
  }
  return scanMs.length ? summarize(scanMs) : null;
}

/** Entries of the index written but not yet in a graph (background inserts still to run). */
function waitingInserts(vectors) {
  let waiting = 0;
  vectors.forEachBucket((bucket) => (waiting += bucket.waiting ?? 0));
  return waiting;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * monitorEventLoopDelay, enabled and past its first ticks: its timer measures from its previous
 * expiry, so a block before the second expiry (or right after a reset()) would go unseen.
 */
async function loopDelayHistogram() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await new Promise((resolve) => setTimeout(resolve, 10));
  return histogram;
}

/**
 * Single upserts of new vectors into the built graph, as a server makes them: one per event-loop
 * turn, each followed by a query, until the background inserts are done; with the longest block of
 * the event loop meanwhile (monitorEventLoopDelay, and the longest time between two of our turns).
 */
async function singleUpserts(ctx, vectors) {
  const { dim, queries, kinds } = ctx;
  const upsertMs = [];
  const queryMs = [];
  let longestTurnGapMs = 0;
  // The earlier steps' garbage (bulk load, snapshot) is collected now rather than during the writes;
  // the collections the writes cause themselves are measured (longest pause below).
  global.gc();
  let longestGcMs = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  const histogram = await loopDelayHistogram();
  const started = process.hrtime.bigint();
  const turn = async () => {
    const t = process.hrtime.bigint();
    await nextTurn();
    longestTurnGapMs = Math.max(longestTurnGapMs, elapsedMs(t));
  };
  for (let i = 0; i < SINGLE_UPSERTS; i++) {
    const ref = { namespace: NAMESPACE, id: ctx.idOf(ctx.n + i), partition: ctx.partition, expiresAt: ctx.expiresAt };
    let t = process.hrtime.bigint();
    vectors.upsert(ref, ctx.singles.subarray(i * dim, (i + 1) * dim));
    upsertMs.push(elapsedMs(t));
    const q = i % kinds.length;
    t = process.hrtime.bigint();
    vectors.nearest({
      namespace: NAMESPACE,
      partition: ctx.partition,
      vector: queries.subarray(q * dim, (q + 1) * dim),
      minSimilarity: -1,
    });
    queryMs.push(elapsedMs(t));
    await turn();
  }
  const writesMs = elapsedMs(started);
  while (waitingInserts(vectors) > 0) await turn();
  const insertedMs = elapsedMs(started);
  histogram.disable();
  await nextTurn(); // the observer's last entries
  gcs.disconnect();
  assert(vectors.size() === ctx.n + SINGLE_UPSERTS, `${ctx.n + SINGLE_UPSERTS} entries after the single upserts`);
  const writes = {
    upsert: summarize(upsertMs),
    queryDuringWrites: summarize(queryMs),
    loopBlockMs: histogram.max / 1e6,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    longestTurnGapMs,
    longestGcMs,
    writesSeconds: writesMs / 1000,
    insertedSeconds: insertedMs / 1000,
  };
  log(
    `${ctx.name}: ${SINGLE_UPSERTS} upserts: p99 ${ms(writes.upsert.p99)} ms, max ${ms(writes.upsert.max)} ms; ` +
      `longest event-loop block ${ms(writes.loopBlockMs)} ms, p99 ${ms(writes.loopDelayP99Ms)} ms (longest gap between turns ` +
      `${ms(longestTurnGapMs)} ms, longest GC pause ${ms(longestGcMs)} ms); ` +
      `query p99 meanwhile ${ms(writes.queryDuringWrites.p99)} ms; all in the graph after ${writes.insertedSeconds.toFixed(1)} s`,
  );
  return writes;
}

/**
 * A snapshot as the service writes it (IndexSnapshots.write), with the longest event-loop block while
 * it ran; then the bucket saved on its own for the efSearch sweep (timed: usearch saves synchronously).
 */
async function snapshots(ctx, vectors, dir) {
  const { IndexSnapshots } = requireDist('vector-index/snapshot/index-snapshots');
  const histogram = await loopDelayHistogram();
  const started = process.hrtime.bigint();
  const { blockedMs } = await new IndexSnapshots(path.join(dir, 'snapshots'), ctx.quantization).write(vectors, '0-0');
  const writeMs = elapsedMs(started);
  histogram.disable();
  const file = path.join(dir, 'bucket');
  let image;
  const t = process.hrtime.bigint();
  vectors.forEachBucket((bucket) => (image = bucket.save(file, `${file}.waiting`)));
  const snapshot = { writeMs, blockedMs, loopBlockMs: histogram.max / 1e6, bucketSaveMs: elapsedMs(t) };
  log(
    `${ctx.name}: snapshot written in ${ms(writeMs)} ms, longest event-loop block ${ms(snapshot.loopBlockMs)} ms ` +
      `(its synchronous graph save ${ms(blockedMs)} ms); PartitionBucket.save alone ${ms(snapshot.bucketSaveMs)} ms`,
  );
  return { snapshot, image, file };
}

/**
 * The same graph under other efSearch values: saved once (PartitionBucket.save, as a snapshot does),
 * restored with each value (usearch fixes efSearch when an index is constructed) and queried again.
 */
function sweepEfSearch(ctx, image, file, truth, efs) {
  const { dist } = ctx;
  const rows = [];
  for (const efSearch of efs) {
    global.gc();
    const settings = dist.bucketSettings(ctx.quantization, { efSearch });
    const bucket = dist.PartitionBucket.restore(settings, image, file, `${file}.waiting`, (ref) =>
      dist.entryKey(ref.namespace, ref.id),
    );
    const vectors = new dist.InMemoryVectors({ maxEntries: ctx.n + 1, bucket: settings });
    vectors.adoptBucket(
      NAMESPACE,
      ctx.partition,
      bucket,
      image.slots.map((slot) => slot.ref),
    );
    const measured = measureQueries(ctx, vectors, `${ctx.name} efSearch ${efSearch}`);
    rows.push({ efSearch, query: measured.query, recall: score(ctx, truth, measured) });
  }
  return rows;
}

async function runCase(name, { ef, efSweep }) {
  if (typeof global.gc !== 'function') throw new Error('run the case with node --expose-gc');
  const spec = CASES[name];
  const { n, dim, quantization } = spec;
  const dist = loadDist();
  const efSearch = ef ?? dist.EF_SEARCH;
  const { exactSearch, MetricKind } = require('usearch');
  const partition = dist.semanticPartition({ model: 'bench-model', embedderId: `bench-${dim}` });
  const ctx = { name, n, dim, quantization, dist, partition, expiresAt: Date.now() + TTL_MS, ...makeData(spec, name) };
  ctx.idOf = (row) => dist.semanticEntryId(partition, `question ${row}`);
  let vectors = new dist.InMemoryVectors({
    maxEntries: n + SINGLE_UPSERTS + 1,
    bucket: dist.bucketSettings(quantization, { efSearch }),
  });

  const before = memory();
  const buildMark = cpuMark();
  const buildMs = bulkLoad(ctx, vectors);
  const buildOthers = othersCores(buildMark, cpuMark());
  const after = memory();
  assert(vectors.size() === n, `${n} entries in the index, found ${vectors.size()}`);

  ctx.rowOfId = new Map();
  for (let row = 0; row < n; row++) ctx.rowOfId.set(ctx.idOf(row), row);
  const measured = measureQueries(ctx, vectors, name);
  const t = process.hrtime.bigint();
  const truth = Array.from(exactSearch(ctx.data, ctx.queries, dim, 1, MetricKind.Cos, 0).keys, Number);
  log(
    `${name}: exact ground truth for ${ctx.kinds.length} queries in ${(elapsedMs(t) / 1000).toFixed(1)} s (usearch exactSearch)`,
  );
  const scan = scanBaseline(ctx, truth, spec.scanQueries);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vector-index-'));
  try {
    const { snapshot, image, file } = await snapshots(ctx, vectors, dir);
    const writes = await singleUpserts(ctx, vectors);
    vectors = undefined; // the sweep restores its own copies of the graph
    const sweep = image.graph
      ? sweepEfSearch(
          ctx,
          image,
          file,
          truth,
          efSweep.filter((e) => e !== efSearch),
        )
      : [];
    return {
      name,
      ...spec,
      efSearch,
      efOverridden: ef !== undefined,
      buildSeconds: buildMs / 1000,
      insertsPerSecond: n / (buildMs / 1000),
      upsert: writes.upsert,
      writes,
      snapshot,
      query: measured.query,
      passes: measured.passes,
      scan,
      recall: score(ctx, truth, measured),
      sweep,
      memory: {
        rssPerEntry: (after.rss - before.rss) / n,
        heapPerEntry: (after.heapUsed - before.heapUsed) / n,
        outsideHeapPerEntry: (after.rss - before.rss - (after.heapTotal - before.heapTotal)) / n,
        rawPerEntry: dim * 4,
      },
      othersCores: { build: buildOthers, query: measured.query.others },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Parent: one child per case, tables, verdicts, docs

const positiveInt = (raw, option) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${option} needs positive integers, got ${JSON.stringify(raw)}`);
  return value;
};

/** Cases, --ef <n> and --ef-sweep <n,n,...|none>, from the command line (the parent's or a child's). */
function parseArgs(argv) {
  const names = [];
  let ef;
  let efSweep = EF_SWEEP;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ef') ef = positiveInt(argv[++i], '--ef');
    else if (argv[i] === '--ef-sweep') {
      const list = argv[++i] ?? '';
      efSweep = list === 'none' ? [] : list.split(',').map((x) => positiveInt(x, '--ef-sweep'));
    } else {
      const name = argv[i].toLowerCase();
      if (!CASES[name])
        throw new Error(`unknown case ${JSON.stringify(argv[i])}; cases: ${Object.keys(CASES).join(', ')}`);
      if (!names.includes(name)) names.push(name);
    }
  }
  return {
    names: names.length ? Object.keys(CASES).filter((c) => names.includes(c)) : Object.keys(CASES),
    ef,
    efSweep,
  };
}

async function runChild(name, { ef, efSweep }) {
  const options = [...(ef ? ['--ef', String(ef)] : []), '--ef-sweep', efSweep.length ? efSweep.join(',') : 'none'];
  const args = ['--expose-gc', '--max-old-space-size=8192', __filename, '--child', name, ...options];
  const child = startChild(`vector-index ${name}`, process.execPath, args, { cwd: ROOT, env: process.env });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`case ${name} failed (exit ${code ?? signal})`);
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert(line, `case ${name} printed its result`);
  return JSON.parse(line.slice('RESULT '.length));
}

const ms = (x) => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const us = (x) => (x * 1000 < 100 ? (x * 1000).toFixed(1) : (x * 1000).toFixed(0));
const int = (x) => Math.round(x).toLocaleString('en-US');
const ratio = (x) => x.toFixed(3);
const sizeOf = (r) => `${r.n >= 1e6 ? `${r.n / 1e6}M` : `${r.n / 1e3}k`} × ${r.dim}`;
const met = (ok) => (ok ? 'met' : '**not met**');

function speedTable(results) {
  const rows = [
    '| case | vectors | held as | bulk load | bulk inserts/s | single upsert p50 / p99 / mean (µs) | HNSW query p50 / p99 (ms) | JS exact scan p50 / p99 (ms), queries | scan p50 ÷ HNSW p50 |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const scan = r.scan ? `${ms(r.scan.p50)} / ${ms(r.scan.p99)} (${r.scan.count})` : '–';
    const gain = r.scan ? `${int(r.scan.p50 / r.query.p50)}×` : '–';
    rows.push(
      `| ${r.name} | ${sizeOf(r)} | ${r.quantization} | ${r.buildSeconds.toFixed(1)} s | ${int(r.insertsPerSecond)} | ${us(r.upsert.p50)} / ${us(r.upsert.p99)} / ${us(r.upsert.mean)} | ${ms(r.query.p50)} / ${ms(r.query.p99)} | ${scan} | ${gain} |`,
    );
  }
  return rows;
}

/** Step 7: what writes and snapshots cost the event loop. */
function writesTable(results) {
  const rows = [
    '| case | single upsert p50 / p99 / max (ms) | event-loop delay during the writes p99 / max (ms) | longest gap between two turns (ms) | longest GC pause (ms) | query p50 / p99 during the writes (ms) | all in the graph after | snapshot write: longest event-loop block / graph save (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const w = r.writes;
    rows.push(
      `| ${r.name} | ${ms(w.upsert.p50)} / ${ms(w.upsert.p99)} / ${ms(w.upsert.max)} | ${ms(w.loopDelayP99Ms)} / ${ms(w.loopBlockMs)} | ${ms(w.longestTurnGapMs)} | ${ms(w.longestGcMs)} | ` +
        `${ms(w.queryDuringWrites.p50)} / ${ms(w.queryDuringWrites.p99)} | ${w.insertedSeconds.toFixed(1)} s | ${ms(r.snapshot.loopBlockMs)} / ${ms(r.snapshot.blockedMs)} |`,
    );
  }
  return rows;
}

function qualityTable(results) {
  const rows = [
    `| case | recall@1 all | near-duplicate | fresh | fresh: mean cosine lost | near-dup hits lost at ${HIT_THRESHOLD} | RSS / entry | JS heap / entry | outside V8 heap / entry | raw float32 | RSS ÷ raw |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const m = r.memory;
    rows.push(
      `| ${r.name} | ${ratio(r.recall.all)} | ${ratio(r.recall.near)} | ${ratio(r.recall.fresh)} | ${r.recall.freshMeanLost.toFixed(4)} | ${hitsLost(r.recall.hitsAtThreshold)} | ${int(m.rssPerEntry)} B | ${int(m.heapPerEntry)} B | ${int(m.outsideHeapPerEntry)} B | ${int(m.rawPerEntry)} B | ${(m.rssPerEntry / m.rawPerEntry).toFixed(2)} |`,
    );
  }
  return rows;
}

const hitsLost = (h) =>
  `${h.lost} of ${h.possible}${h.lostOnGraphSimilarity ? ` (${h.lostOnGraphSimilarity} on the graph's similarity)` : ''}`;

/** Every efSearch measured on each graph: the one it was built with and the sweep. */
function sweepTable(results) {
  const rows = [
    `| case | efSearch | recall@1 near-duplicate | fresh | fresh: mean cosine lost | near-dup hits lost at ${HIT_THRESHOLD} | query p50 / p99 (ms) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const all = [{ efSearch: r.efSearch, query: r.query, recall: r.recall }, ...r.sweep].sort(
      (a, b) => a.efSearch - b.efSearch,
    );
    for (const e of all) {
      const mark = e.efSearch === r.efSearch ? ' (built with)' : '';
      rows.push(
        `| ${r.name} | ${e.efSearch}${mark} | ${ratio(e.recall.near)} | ${ratio(e.recall.fresh)} | ${e.recall.freshMeanLost.toFixed(4)} | ${hitsLost(e.recall.hitsAtThreshold)} | ${ms(e.query.p50)} / ${ms(e.query.p99)} |`,
      );
    }
  }
  return rows;
}

/** Per case, the smallest efSearch measured whose recall@1 meets the target for both query kinds. */
function smallestEfMeetingRecall(r) {
  const all = [{ efSearch: r.efSearch, query: r.query, recall: r.recall }, ...r.sweep].sort(
    (a, b) => a.efSearch - b.efSearch,
  );
  return all.find((e) => e.recall.near >= TARGETS.recallAt1 && e.recall.fresh >= TARGETS.recallAt1);
}

function verdicts(results) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const lines = [];
  for (const [name, limit] of Object.entries(TARGETS.queryP99Ms)) {
    const r = byName[name];
    lines.push(
      r
        ? `- Query p99 ≤ ${limit} ms at ${sizeOf(r)}: ${ms(r.query.p99)} ms, ${met(r.query.p99 <= limit)}.`
        : `- Query p99 ≤ ${limit} ms at ${name}: not measured in this run.`,
    );
  }
  for (const r of results) {
    const near = r.recall.near >= TARGETS.recallAt1;
    const fresh = r.recall.fresh >= TARGETS.recallAt1;
    lines.push(
      `- Recall@1 ≥ ${TARGETS.recallAt1} at ${r.name}: near-duplicate ${ratio(r.recall.near)} ${met(near)}; fresh ${ratio(r.recall.fresh)} ${met(fresh)}.`,
    );
  }
  for (const [name, limit] of Object.entries(TARGETS.writeBlockMs)) {
    const r = byName[name];
    if (!r) {
      lines.push(
        `- Single-upsert p99 and longest event-loop block during writes ≤ ${limit} ms at ${name}: not measured in this run.`,
      );
      continue;
    }
    const { upsert, loopBlockMs } = r.writes;
    lines.push(
      `- Single-upsert p99 ≤ ${limit} ms at ${r.name}: ${ms(upsert.p99)} ms, ${met(upsert.p99 <= limit)}; ` +
        `longest event-loop block during the writes ≤ ${limit} ms: ${ms(loopBlockMs)} ms, ${met(loopBlockMs <= limit)}.`,
    );
  }
  for (const r of results) {
    const x = r.memory.rssPerEntry / r.memory.rawPerEntry;
    lines.push(
      `- Memory ≤ ${TARGETS.memoryRatio}× raw float32 at ${r.name}: ${x.toFixed(2)}× (${int(r.memory.rssPerEntry)} of ${int(r.memory.rawPerEntry)} B), ${met(x <= TARGETS.memoryRatio)}.`,
    );
  }
  return lines;
}

/** A few sentences computed from the results: what the tables say. */
function reading(results) {
  const lines = [];
  const scanned = results.filter((r) => r.scan).sort((a, b) => b.n * b.dim - a.n * a.dim)[0];
  if (scanned) {
    lines.push(
      `- **What HNSW buys.** At ${sizeOf(scanned)} a JS exact scan takes p50 ${ms(scanned.scan.p50)} ms per query, HNSW ${ms(scanned.query.p50)} ms ` +
        `(${int(scanned.scan.p50 / scanned.query.p50)}×), ` +
        (scanned.recall.all >= 0.9995
          ? 'with no recall lost on these queries.'
          : `at the price of recall@1 ${ratio(scanned.recall.all)} instead of 1.`),
    );
  }
  const f32 = results.filter((r) => r.quantization === 'f32');
  if (f32.length) {
    const heap = f32.map((r) => r.memory.heapPerEntry);
    const range =
      Math.round(Math.min(...heap)) === Math.round(Math.max(...heap))
        ? int(heap[0])
        : `${int(Math.min(...heap))}–${int(Math.max(...heap))}`;
    lines.push(
      `- **Memory.** The JS side of an entry (ref object, id/key/partition strings, two Maps and the LRU) costs ` +
        `${range} B of heap whatever the dimension, ${(Math.min(...heap) / 1536).toFixed(2)}× a 384-d float32 vector ` +
        `on its own; outside the V8 heap are the graph's vectors (dim × 4 bytes; × 2 for f16, × 1 for i8) plus its neighbour lists and slot tables, and ` +
        `whatever the allocator kept from the load. Small cases carry fixed costs (V8 heap growth, thread contexts) spread over few entries.`,
    );
  }
  const graphs = results.filter((r) => r.sweep.length);
  if (graphs.length) {
    const parts = graphs.map((r) => {
      const e = smallestEfMeetingRecall(r);
      return e
        ? `${r.name} ${e.efSearch} (p99 ${ms(e.query.p99)} ms)`
        : `${r.name} none up to ${Math.max(r.efSearch, ...r.sweep.map((s) => s.efSearch))}`;
    });
    lines.push(
      `- **efSearch.** Smallest value measured with recall@1 ≥ ${TARGETS.recallAt1} for both query kinds: ${parts.join('; ')}.`,
    );
  }
  const worstWrite = results.reduce((a, b) => (b.writes.loopBlockMs > a.writes.loopBlockMs ? b : a), results[0]);
  const worstSnapshot = results.reduce((a, b) => (b.snapshot.blockedMs > a.snapshot.blockedMs ? b : a), results[0]);
  if (worstWrite) {
    lines.push(
      `- **Writes.** An \`upsert\` only buffers its vector (scanned exactly until it is in the graph); graph inserts run ` +
        `in the background, in slices of event-loop time between turns. Longest event-loop block during the writes: ` +
        `${ms(worstWrite.writes.loopBlockMs)} ms at ${worstWrite.name}. A snapshot still blocks the loop for each graph's ` +
        `synchronous save (usearch has no other): ${ms(worstSnapshot.snapshot.blockedMs)} ms at ${worstSnapshot.name}.`,
    );
  }
  return lines;
}

function loadNote(load, results) {
  const cores = (x) => Math.max(0, x).toFixed(2); // jiffy rounding can make an idle reading slightly negative
  const maxOthers = Math.max(...results.flatMap((r) => [r.othersCores.build, r.othersCores.query]));
  const perCase = results
    .map((r) => `${r.name} ${cores(r.othersCores.build)} / ${cores(r.othersCores.query)}`)
    .join(', ');
  return (
    `- Load: 1-minute load average ${load.before.toFixed(2)} before the run, ${load.after.toFixed(2)} at its end (the latter ` +
    `includes the bench itself). CPU used by other processes during each case (cores, from /proc/stat minus this ` +
    `bench's own), build / queries: ${perCase}.` +
    (maxOthers > SHARED_CORES
      ? ' **Timings were taken with other work running on the machine** (2 cores): build rates and p99s are pessimistic where that figure is high.'
      : ' Other processes used next to no CPU during the measured phases.')
  );
}

function renderSection(results, { run, load, ef }) {
  const efSearch = results[0].efSearch;
  const what =
    'The semantic index alone (compiled `InMemoryVectors`, one partition, no HTTP, no Redis): exact scan up to ' +
    `\`EXACT_SCAN_MAX\`, beyond it an HNSW graph (usearch, efSearch ${efSearch}${ef ? ', set with --ef, not the default' : ''}), ` +
    'on seeded clustered synthetic vectors; 500 near-duplicate and 500 fresh queries per case. Method, data and column ' +
    'definitions in the header of `bench/vector-index.js`.';
  const out = [
    ...sectionHead(SECTION_TITLE, what, run),
    loadNote(load, results),
    '',
    ...speedTable(results),
    '',
    ...writesTable(results),
    '',
    ...qualityTable(results),
    '',
    '<details><summary>Every efSearch on the same graphs</summary>',
    '',
    ...sweepTable(results),
    '',
    '</details>',
    '',
    'Targets:',
    '',
    ...verdicts(results),
    '',
  ];
  return out.join('\n');
}

/** The key figures of each case for bench/results/vector-index.json. */
function runFigures(results) {
  const r3 = (x) => Number(x.toFixed(3));
  return Object.fromEntries(
    results.map((r) => [
      r.name,
      {
        bulkLoadS: Number(r.buildSeconds.toFixed(1)),
        queryP50Ms: r3(r.query.p50),
        queryP99Ms: r3(r.query.p99),
        recallNear: r3(r.recall.near),
        recallFresh: r3(r.recall.fresh),
        rssPerEntryB: Math.round(r.memory.rssPerEntry),
        upsertP99Ms: r3(r.writes.upsert.p99),
        writeLoopBlockMs: r3(r.writes.loopBlockMs),
        snapshotBlockMs: r3(r.snapshot.blockedMs),
      },
    ]),
  );
}

async function main() {
  const { names, ef, efSweep } = parseArgs(process.argv.slice(2));
  const fullRun = names.length === Object.keys(CASES).length && ef === undefined && efSweep === EF_SWEEP;
  const writeDocs = process.env.BENCH_WRITE_DOCS !== undefined ? process.env.BENCH_WRITE_DOCS === '1' : fullRun;
  if (!fs.existsSync(path.join(DIST, 'vector-index', 'in-memory-vectors.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  globalTimeout(names.reduce((sum, c) => sum + (CASES[c].n >= 1e6 ? 180 : 30), 10) * 60_000);
  const load = { before: os.loadavg()[0] };
  log(
    `vector-index: cases ${names.join(', ')}${ef ? `, efSearch ${ef}` : ''}; 1-minute load average ${load.before.toFixed(2)}`,
  );
  const results = [];
  for (const name of names) {
    const started = Date.now();
    results.push(await runChild(name, { ef, efSweep }));
    log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  load.after = os.loadavg()[0];
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run build && ${reproduceCommand('bench:vector-index', 'bench/vector-index.js')}`,
    build: buildLabel(),
    machine: machine(),
  };
  const section = renderSection(results, { run, load, ef });
  process.stdout.write(`\n${section}\n${reading(results).join('\n')}\n`);
  if (writeDocs) {
    writeSection(DOC_PATH, SECTION_TITLE, section);
    const file = appendResult('vector-index', { ...run, figures: runFigures(results) });
    log(`wrote "${SECTION_TITLE}" in ${path.relative(ROOT, DOC_PATH)} and appended to ${file}`);
  } else log('docs not rewritten (partial run, --ef or --ef-sweep; BENCH_WRITE_DOCS=1 forces it)');
  await cleanup();
}

if (require.main !== module) {
  // Side experiments reuse the exact same data.
  module.exports = { CASES, makeData };
} else if (process.argv[2] === '--child') {
  runCase(process.argv[3], parseArgs(process.argv.slice(4))).then(
    (result) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
} else {
  installFailureHandlers();
  main().catch(fail);
}
