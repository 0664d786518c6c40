'use strict';
/**
 * Cold start of the service with a large semantic index in Redis: the time from spawning
 * `node dist/main.js` to GET /health/ready answering 200, with
 *   - baseline: an empty Redis (what boot costs without an index),
 *   - rebuild:  no snapshot, the index is read from Redis (SCAN + HMGET) and its HNSW graph built,
 *   - snapshot: SEMANTIC_SNAPSHOT_DIR holds the snapshot the previous run wrote at shutdown.
 * Target (issue 3): ≤ 5 s to ready with 100k entries. Results go to docs/BENCHMARKS.md (this run's
 * figures) and bench/results/cold-start.json (one record per run).
 *
 * Run `npm run build` first. Variables:
 *   BENCH_ENTRIES   entries written to Redis (default 100000)
 *   BENCH_DIM       vector dimensions (default 384)
 *   BENCH_ROUNDS    snapshot restarts measured (default 3; the median is reported)
 */
const fs = require('node:fs');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');
const Redis = require('ioredis');
const { stopChild, makeTmpDir, cleanup, fail, installFailureHandlers, globalTimeout } = require('./lib/children');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { startNodeServer } = require('./lib/node-server');
const { startRedis } = require('./lib/redis');
const { appendResult } = require('./lib/results');
const { buildLabel, machine, reproduceCommand } = require('./lib/run-info');
const { median } = require('./lib/stats');
const { log, assert } = require('./lib/util');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist', 'main.js');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const TITLE = '## Cold start with a large semantic index (bench/cold-start.js)';
const ENTRIES = Number(process.env.BENCH_ENTRIES || 100_000);
const DIM = Number(process.env.BENCH_DIM || 384);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const TARGET_MS = 5000;

// The service's own codec, so the hashes are exactly what it writes.
const { toHashFields } = require(path.join(ROOT, 'dist', 'vector-index', 'embed-entry-codec.js'));
const { semanticEntryId } = require(path.join(ROOT, 'dist', 'embed-cache', 'semantic-partition.js'));

/** Seeded unit vectors around a few hundred centres: real embeddings cluster, and HNSW builds differ on clustered data. */
function* clusteredVectors(count, dim, seed = 42) {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32) * 2 - 1;
  const centres = Array.from({ length: 256 }, () => Float32Array.from({ length: dim }, random));
  for (let i = 0; i < count; i++) {
    const centre = centres[i % centres.length];
    const vector = Float32Array.from(centre, (x) => x + 0.5 * random());
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm);
    for (let k = 0; k < dim; k++) vector[k] /= norm;
    yield vector;
  }
}

async function fillRedis(url) {
  const redis = new Redis(url);
  const partition = 'bench-partition';
  const answer = 'A cache keeps the answer to a question so that asking again costs nothing. '.repeat(6);
  let pipeline = redis.pipeline();
  let i = 0;
  for (const vector of clusteredVectors(ENTRIES, DIM)) {
    const question = `bench question number ${i}`;
    const id = semanticEntryId(partition, question);
    const key = `embed_cache:default:${id}`;
    const entry = {
      id,
      namespace: 'default',
      partition,
      embedderId: 'bench',
      question,
      answer,
      model: 'bench-model',
      createdAt: Date.now(),
      tokens: 40,
      vector,
    };
    pipeline.hset(key, toHashFields(entry));
    if (++i % 2000 === 0) {
      await pipeline.exec();
      pipeline = redis.pipeline();
    }
  }
  await pipeline.exec();
  const keys = await redis.dbsize();
  await redis.quit();
  return keys;
}

/** Spawn → ready in ms, and the child (still running). */
async function boot(name, dir, env) {
  const started = process.hrtime.bigint();
  const server = await startNodeServer(name, ENTRY, { dir, env, readyTimeoutMs: 900_000 });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, server };
}

/** SIGTERM and the time the service takes to exit (it writes its snapshot on the way), and how long that write took. */
async function shutdown(server) {
  const started = process.hrtime.bigint();
  await stopChild(server.child, 600_000);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const write = /Semantic index snapshot: \d+ entries as of \S+ in \d+ ms \(event loop blocked (\d+) ms\)/.exec(
    server.child.output,
  );
  return { ms, writeMs: write ? Number(write[1]) : NaN };
}

function readyLog(server) {
  const line = server.child.output
    .split('\n')
    .reverse()
    .find((l) => /Semantic index (restored|loaded)/.test(l));
  return line
    ? stripVTControlCharacters(line)
        .replace(/^.*\] /, '')
        .trim()
    : '(no load line)';
}

async function main() {
  installFailureHandlers();
  globalTimeout(60 * 60_000);
  const dir = makeTmpDir('cold-start-');
  const snapshotDir = path.join(dir, 'snapshots');
  const redis = await startRedis({ dir });
  const env = (db, extra = {}) => ({
    REDIS_URL: `${redis.url}/${db}`,
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', // never called: readiness only needs an upstream configured
    EMBED_PROVIDER: 'lexical',
    SEMANTIC_MAX_ENTRIES: '0',
    CACHE_TTL: '0',
    ...extra,
  });

  log('baseline: boot on an empty Redis');
  const baselines = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { ms, server } = await boot('service-empty', dir, env(1));
    baselines.push(ms);
    await shutdown(server);
  }

  log(`writing ${ENTRIES} entries of ${DIM} dimensions to Redis db 0`);
  const filledAt = Date.now();
  const keys = await fillRedis(`${redis.url}/0`);
  assert(keys === ENTRIES, `Redis holds ${keys} keys, expected ${ENTRIES}`);
  log(`filled in ${((Date.now() - filledAt) / 1000).toFixed(1)} s`);

  log('rebuild: boot without a snapshot');
  const rebuild = await boot('service-rebuild', dir, env(0, { SEMANTIC_SNAPSHOT_DIR: snapshotDir }));
  const rebuildLine = readyLog(rebuild.server);
  const firstShutdown = await shutdown(rebuild.server);
  assert(fs.existsSync(path.join(snapshotDir, 'CURRENT')), 'the shutdown wrote no snapshot');
  const snapshotBytes = fs
    .readdirSync(path.join(snapshotDir, fs.readFileSync(path.join(snapshotDir, 'CURRENT'), 'utf8')))
    .reduce(
      (sum, f) =>
        sum + fs.statSync(path.join(snapshotDir, fs.readFileSync(path.join(snapshotDir, 'CURRENT'), 'utf8'), f)).size,
      0,
    );

  const restores = [];
  const shutdowns = [];
  let restoreLine = '';
  for (let r = 0; r < ROUNDS; r++) {
    log(`snapshot: restart ${r + 1}/${ROUNDS}`);
    const { ms, server } = await boot('service-snapshot', dir, env(0, { SEMANTIC_SNAPSHOT_DIR: snapshotDir }));
    restores.push(ms);
    restoreLine = readyLog(server);
    assert(/restored/.test(restoreLine), `the restart did not use the snapshot: ${restoreLine}`);
    shutdowns.push(await shutdown(server));
  }

  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const restoreMedian = median(restores);
  const run = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run build && ${reproduceCommand('bench:cold-start', 'bench/cold-start.js', { BENCH_ENTRIES: ENTRIES, BENCH_DIM: DIM })}`,
    build: buildLabel(),
    machine: machine(),
  };
  const what =
    `Spawn of \`node dist/main.js\` to the first 200 from \`GET /health/ready\`, with ${ENTRIES.toLocaleString('en')} entries of ${DIM} dimensions ` +
    'in one partition in a private redis-server, with and without a snapshot on local disk (`SEMANTIC_SNAPSHOT_DIR`). ' +
    `Target: ≤ ${TARGET_MS / 1000} s to ready at 100k entries. Method in the header of \`bench/cold-start.js\`.`;
  const section = [
    ...sectionHead(TITLE, what, run),
    '| start | time to ready | note |',
    '|---|---|---|',
    `| empty Redis (baseline, median of ${ROUNDS}) | ${fmt(median(baselines))} | boot of Nest, Redis connection, jieba dictionary |`,
    `| rebuild from Redis (no snapshot) | ${fmt(rebuild.ms)} | ${rebuildLine} |`,
    `| from the snapshot (median of ${ROUNDS}: ${restores.map(fmt).join(', ')}) | **${fmt(restoreMedian)}** | ${restoreLine} |`,
    '',
    `Target from a snapshot: **${restoreMedian <= TARGET_MS ? 'met' : 'not met'}**. Snapshot ${(snapshotBytes / 1e6).toFixed(0)} MB ` +
      `(${Math.round(snapshotBytes / ENTRIES)} B per entry); shutdown with the snapshot write ${fmt(firstShutdown.ms)}, of which the ` +
      `synchronous graph save blocked the event loop ${Math.round(firstShutdown.writeMs)} ms; shutdown after an unchanged restore ` +
      `(no write) ${fmt(median(shutdowns.map((s) => s.ms)))}.`,
    '',
  ].join('\n');
  writeSection(DOC, TITLE, section);
  const file = appendResult('cold-start', {
    ...run,
    figures: {
      entries: ENTRIES,
      dim: DIM,
      baselineReadyS: Number((median(baselines) / 1000).toFixed(2)),
      rebuildReadyS: Number((rebuild.ms / 1000).toFixed(2)),
      snapshotReadyS: Number((restoreMedian / 1000).toFixed(2)),
      snapshotBytesPerEntry: Math.round(snapshotBytes / ENTRIES),
      snapshotWriteBlockMs: Math.round(firstShutdown.writeMs),
    },
  });
  log(`appended to ${file}`);
  process.stdout.write(`${section}\n`);
}

main()
  .then(() => cleanup())
  .catch(fail);
