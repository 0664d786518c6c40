'use strict';
/**
 * Semantic-cache quality of the lexical embedder: labelled question pairs replayed through the
 * real semantic layer (compiled dist/: LexicalEmbedder + MemoryVectorIndex + EmbedCacheService).
 *
 *   npm run build && npm run bench:semantic-quality
 *
 * For each pair (a, b, label), in a fresh namespace of its own:
 *   1. both questions are normalised as POST /ask does (normalizeQuestion);
 *   2. EmbedCacheService.lookup(a) (a miss: the namespace is empty) gives a's vector, and
 *      EmbedCacheService.save stores a with an answer under that vector, as AskService does;
 *   3. EmbedCacheService.lookup(b), on a service configured with threshold 0, returns the best match
 *      and its similarity. When nothing scores >= 0 (signed feature hashing can give a slightly
 *      negative cosine), VectorIndex.nearest with minSimilarity -1 gives the similarity instead;
 *   4. check: a second EmbedCacheService with the embedder's default threshold and no verifier (the
 *      static default) looks b up against the same index; its hit/miss must agree with similarity >= default;
 *   5. the decision policy: one EmbedCacheService per policy (bench/lib/semantic-policy.js) looks b up
 *      against the same index as the app decides it: the embedder's default threshold, the uncertainty
 *      band below it (SEMANTIC_UNCERTAINTY_BAND) and the default verifier (SEMANTIC_VERIFIER=guard), each
 *      with its real HitVerification and GuardVerifier; hit or miss is recorded per policy. The default
 *      policy (the settings' defaults) is replayed with the other band widths of a grid and with
 *      SEMANTIC_VERIFY=all beside it;
 *   6. the feedback replay (bench/lib/semantic-feedback.js): the default policy with per-entry thresholds
 *      learnt from the verifier looks b up; a wrong hit is reported once through EmbedCacheService.feedback
 *      (the code behind POST /cache/entries/{key}/feedback); b is looked up again;
 *   7. the namespace is cleared.
 * Label 1 means b should get a's cached answer (a hit is right), label 0 means it should not (a hit
 * is a wrong answer served from cache). Per threshold a lookup hits when similarity >= threshold
 * (inclusive, like the index). Reported per threshold: hit rate (hits / lookups), false-hit rate
 * (label-0 hits / lookups), false-hit rate among negatives (label-0 hits / label-0 pairs), precision
 * (label-1 hits / hits), recall (label-1 hits / label-1 pairs); per dataset the ROC AUC of the
 * similarity (ties count half). Per policy, beside the static thresholds 0.80-0.95 of the same run:
 * hit rate, false-hit rate, precision, recall, the verifier's decisions, and the issue's goal against
 * the static default ("at its false-hit rate at least twice its hits, or at its hits at most half its
 * false hits"). The recommended band: the widest of the grid up to which every band keeps the
 * false-hit rate at or below 1 % of lookups on every labelled data file with negatives (the rule of
 * the recommended threshold). Diagnostics: which guard rule rejected how many candidates of the
 * default band, by label (aggregates only).
 *
 * Data: every *.jsonl in BENCH_DATA_DIR (default ../shared/bench-data relative to the repo root),
 * read at run time. That data is third-party and evaluation-only: nothing of it is copied into the
 * repo, and only aggregate numbers are printed to the docs. Plus bench/data/lookalike-pairs.jsonl,
 * hand-written for this repo (Traditional Chinese paraphrases and look-alike questions with a
 * different intent), always used in full.
 *
 * Output: markdown tables on stdout; the sections "## Semantic quality (lexical embedder)" and
 * "## Verified semantic hits (uncertainty band + guard)" and "## Feedback replay (wrong-hit reports)" of docs/BENCHMARKS.md rewritten with this
 * run's figures, and one record appended to bench/results/semantic-quality.json.
 *
 * Env (all optional):
 *   BENCH_DATA_DIR    directory of the labelled *.jsonl files (default ../shared/bench-data from the repo root)
 *   BENCH_MAX_PAIRS   at most this many pairs per data file (default 4000; 0 = all)
 *   BENCH_SAMPLE      "seeded" (default: seeded random sample without replacement, kept in file order;
 *                     files of equal length get the same rows, so lcqmc and its zh-tw conversion stay
 *                     aligned) or "first" (the first N rows)
 *   BENCH_SEED        seed of the seeded sample (default 42)
 *   BENCH_WRITE_DOCS  1/0: rewrite the docs section (default 1; forced to 0 when BENCH_DATA_DIR, BENCH_MAX_PAIRS,
 *                     BENCH_SAMPLE or BENCH_SEED differ from the defaults, unless BENCH_WRITE_DOCS=1 is given)
 * Exit code: 0 on success, 1 on missing data, a failed consistency check or any error.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { formatThreshold } = require('./lib/util');

const { requireDist: requireBuilt } = require('./lib/dist');
const { writeSection, sectionHead } = require('./lib/docs-section');
const { appendResult } = require('./lib/results');
const feedback = require('./lib/semantic-feedback');
const { quietMetrics } = feedback;
const { machine } = require('./lib/run-info');
const ROOT = path.resolve(__dirname, '..');
const DOC_PATH = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const SECTION_TITLE = '## Semantic quality (lexical embedder)';
const DEFAULT_DATA_DIR = path.resolve(ROOT, '..', 'shared', 'bench-data');
const LOOKALIKE_FILE = path.join(__dirname, 'data', 'lookalike-pairs.jsonl');
const MODEL = 'bench-model';
const ANSWER = 'cached answer (benchmark placeholder)';
/** 0.50, 0.55 ... 0.95, computed exactly (no 0.7000000000000001). */
const THRESHOLDS = Array.from({ length: 10 }, (_, k) => (50 + 5 * k) / 100);
const DOC_MIN_THRESHOLD = 0.7;
/** The recommendation rule: wrong hits are worse than misses, so cap them first, then take the most recall. */
const MAX_FALSE_HIT_RATE = 0.01;

function fail(message) {
  console.error(`semantic-quality: ${message}`);
  process.exit(1);
}

function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return value;
}

const DATA_DIR = process.env.BENCH_DATA_DIR ? path.resolve(ROOT, process.env.BENCH_DATA_DIR) : DEFAULT_DATA_DIR;
const MAX_PAIRS = envInt('BENCH_MAX_PAIRS', 4000);
const SAMPLE = process.env.BENCH_SAMPLE || 'seeded';
if (SAMPLE !== 'seeded' && SAMPLE !== 'first')
  fail(`BENCH_SAMPLE must be "seeded" or "first", got ${JSON.stringify(SAMPLE)}`);
const SEED = envInt('BENCH_SEED', 42);
const NON_DEFAULT_RUN = DATA_DIR !== DEFAULT_DATA_DIR || MAX_PAIRS !== 4000 || SAMPLE !== 'seeded' || SEED !== 42;
const WRITE_DOCS = process.env.BENCH_WRITE_DOCS === undefined ? !NON_DEFAULT_RUN : process.env.BENCH_WRITE_DOCS === '1';

function requireDist(relative) {
  try {
    return requireBuilt(relative);
  } catch (error) {
    fail(error.message);
  }
}

const { LexicalEmbedder } = requireDist('embedding/adapters/lexical-embedder');
const { MemoryVectorIndex } = requireDist('vector-index/adapters/memory-vector-index');
const { EmbedCacheService } = requireDist('embed-cache/embed-cache.service');
const { HitVerification } = requireDist('embed-cache/verifier/hit-verification.service');
const { NoVerifier } = requireDist('embed-cache/verifier/adapters/no-verifier');
const { semanticPartition } = requireDist('embed-cache/semantic-partition');
const { normalizeQuestion } = requireDist('common/normalize-question');
const policy = (() => {
  try {
    return require('./lib/semantic-policy');
  } catch (error) {
    fail(error.message);
  }
})();
const { policySection, POLICY_SECTION_TITLE, printPolicies, policyFigures } = require('./lib/semantic-policy-report');

/** CircuitBreakers stand-in: an embedder that never trips a breaker, each call made as it comes. */
const noBreakers = { for: () => ({ execute: (call) => call() }) };

// ---------------------------------------------------------------- data

function readPairs(file) {
  const rows = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let row;
    try {
      row = JSON.parse(line);
    } catch (error) {
      fail(`${file}:${i + 1}: not JSON (${error.message})`);
    }
    if (typeof row.a !== 'string' || typeof row.b !== 'string' || (row.label !== 0 && row.label !== 1)) {
      fail(`${file}:${i + 1}: expected {"a": string, "b": string, "label": 0|1}`);
    }
    rows.push(row);
  });
  return rows;
}

/** mulberry32: a small seeded PRNG, stable across Node versions. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** At most `max` rows: the first ones, or a seeded sample without replacement kept in file order. */
function sample(rows, max) {
  if (max === 0 || rows.length <= max) return rows;
  if (SAMPLE === 'first') return rows.slice(0, max);
  const random = prng(SEED);
  const order = rows.map((_, i) => i);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order
    .slice(0, max)
    .sort((x, y) => x - y)
    .map((i) => rows[i]);
}

function loadDatasets() {
  if (!fs.existsSync(DATA_DIR) || !fs.statSync(DATA_DIR).isDirectory()) {
    fail(
      `benchmark data not found at ${DATA_DIR}. The labelled pairs are evaluation-only data kept outside the repo ` +
        '(default ../shared/bench-data relative to the repo root, see its README.md); set BENCH_DATA_DIR to their directory.',
    );
  }
  const files = fs
    .readdirSync(DATA_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) fail(`no *.jsonl files in ${DATA_DIR} (BENCH_DATA_DIR)`);
  const datasets = files.map((name) => {
    const all = readPairs(path.join(DATA_DIR, name));
    const pairs = sample(all, MAX_PAIRS);
    return { name: name.replace(/\.jsonl$/, ''), file: name, external: true, total: all.length, pairs };
  });
  if (!fs.existsSync(LOOKALIKE_FILE)) fail(`${path.relative(ROOT, LOOKALIKE_FILE)} is missing`);
  const lookalike = readPairs(LOOKALIKE_FILE);
  datasets.push({
    name: 'lookalike-pairs',
    file: path.relative(ROOT, LOOKALIKE_FILE),
    external: false,
    total: lookalike.length,
    pairs: lookalike,
  });
  return datasets;
}

// ---------------------------------------------------------------- replay

async function replay(dataset, embedder) {
  const index = new MemoryVectorIndex({ maxEntries: 16, ttlSeconds: 0 });
  // Threshold 0, no verifier: lookup returns the best match at any non-negative similarity.
  const unverified = new HitVerification(new NoVerifier(), policy.DEFAULTS, quietMetrics);
  const probe = new EmbedCacheService(
    embedder,
    index,
    { timeoutMs: 60_000, similarityThreshold: 0 },
    quietMetrics,
    unverified,
    noBreakers,
  );
  // No EMBED_SIM_THRESHOLD, so the embedder's default applies: the static default, and each policy.
  const { staticDefault: app, policies } = policy.policyServices(embedder, index);
  const learning = feedback.feedbackService(embedder, index);
  const bandFloor = app.threshold - policy.DEFAULTS.band;
  const partition = semanticPartition({ model: MODEL, embedderId: embedder.id, context: '' });
  const results = [];
  let mismatches = 0;
  let negativeCosines = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < dataset.pairs.length; i++) {
    const pair = dataset.pairs[i];
    const namespace = `bench-${dataset.name}-${i}`;
    const a = normalizeQuestion(pair.a);
    const b = normalizeQuestion(pair.b);

    const first = await probe.lookup({ namespace, model: MODEL, question: a });
    if (!first.vector) fail(`${dataset.name} #${i}: embedding failed`);
    if (first.hit) fail(`${dataset.name} #${i}: the fresh namespace ${namespace} was not empty`);
    await probe.save(
      namespace,
      { answer: ANSWER, question: a, model: MODEL, createdAt: Date.now(), tokens: 0 },
      first.vector,
    );

    const second = await probe.lookup({ namespace, model: MODEL, question: b });
    let similarity;
    if (second.hit) {
      if (second.hit.entry.question !== a) fail(`${dataset.name} #${i}: matched an entry that is not question a`);
      similarity = second.hit.similarity;
    } else {
      const match = await index.nearest({ namespace, partition, vector: second.vector, minSimilarity: -1 });
      if (!match) fail(`${dataset.name} #${i}: question a was not found in its namespace`);
      similarity = match.similarity;
      negativeCosines++;
    }

    const appView = await app.lookup({ namespace, model: MODEL, question: b });
    if (Boolean(appView.hit) !== similarity >= app.threshold) mismatches++;

    const served = {};
    for (const p of policies) {
      const view = await p.service.lookup({ namespace, model: MODEL, question: b });
      if (view.hit && view.hit.similarity < app.threshold - p.band - 1e-9)
        fail(`${dataset.name} #${i}: policy "${p.name}" served a hit below its band`);
      served[p.name] = Boolean(view.hit);
    }
    const inBand = similarity >= bandFloor && similarity < app.threshold;
    // Last: learning changes the entry, which the lookups above must see untouched.
    const learnt = await feedback.feedbackPair(learning, namespace, MODEL, b, pair.label);

    await probe.clear(namespace);
    results.push({
      similarity,
      label: pair.label,
      kind: pair.kind,
      a: pair.a,
      b: pair.b,
      policies: served,
      feedback: learnt,
      rule: inBand ? (policy.guardRule(a, b) ?? null) : undefined,
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (mismatches > 0)
    fail(`${dataset.name}: ${mismatches} default-threshold lookups disagreed with similarity >= ${app.threshold}`);
  if ((await index.size()) !== 0) fail(`${dataset.name}: index not empty after the replay`);
  const verifications = Object.fromEntries(policies.map((p) => [p.name, { ...p.metrics.verifications }]));
  return { results, seconds, negativeCosines, defaultThreshold: app.threshold, verifications };
}

// ---------------------------------------------------------------- metrics

function atThreshold(results, threshold) {
  let hits = 0;
  let wrong = 0;
  let positives = 0;
  for (const r of results) {
    if (r.label === 1) positives++;
    if (r.similarity >= threshold) {
      hits++;
      if (r.label === 0) wrong++;
    }
  }
  const n = results.length;
  const negatives = n - positives;
  const right = hits - wrong;
  return {
    threshold,
    hits,
    wrong,
    hitRate: hits / n,
    falseHitRate: wrong / n,
    falseHitAmongNegatives: negatives ? wrong / negatives : undefined,
    precision: hits ? right / hits : undefined,
    recall: positives ? right / positives : undefined,
  };
}

/** ROC AUC = P(similarity of a random positive > that of a random negative), ties counting half (Mann-Whitney). */
function rocAuc(results) {
  const sorted = results.map((r) => [r.similarity, r.label]).sort((x, y) => x[0] - y[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j][0] === sorted[i][0]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k][1] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (!positives || !negatives) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function summarize(dataset, replayed) {
  const { results, defaultThreshold } = replayed;
  const positives = results.filter((r) => r.label === 1).length;
  const thresholds = [...THRESHOLDS];
  if (!thresholds.includes(defaultThreshold)) thresholds.push(defaultThreshold);
  thresholds.sort((x, y) => x - y);
  return {
    ...dataset,
    ...replayed,
    positives,
    negatives: results.length - positives,
    auc: rocAuc(results),
    rows: thresholds.map((t) => atThreshold(results, t)),
    atDefault: atThreshold(results, defaultThreshold),
  };
}

// ---------------------------------------------------------------- formatting

const pct = (x) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const num = (x, digits = 3) => (x === undefined ? 'n/a' : x.toFixed(digits));
const int = (x) => x.toLocaleString('en-US');

function thresholdTable(summary, minThreshold = 0) {
  const lines = [
    '| threshold | hit rate | false-hit rate (wrong hits / lookups) | false hits among negatives | precision | recall |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of summary.rows) {
    if (row.threshold < minThreshold - 1e-9) continue;
    const label =
      row.threshold === summary.defaultThreshold
        ? `**${formatThreshold(row.threshold)} (default)**`
        : formatThreshold(row.threshold);
    lines.push(
      `| ${label} | ${pct(row.hitRate)} | ${pct(row.falseHitRate)} | ${pct(row.falseHitAmongNegatives)} | ${pct(row.precision)} | ${pct(row.recall)} |`,
    );
  }
  return lines.join('\n');
}

function datasetLine(s) {
  const used = s.external
    ? `${int(s.pairs.length)} of ${int(s.total)} pairs${s.pairs.length < s.total ? ` (${SAMPLE === 'seeded' ? `seeded sample, seed ${SEED}` : 'first rows'})` : ''}`
    : `${int(s.pairs.length)} pairs (hand-written, in the repo)`;
  return `${used}; ${int(s.positives)} label 1 / ${int(s.negatives)} label 0; ROC AUC ${num(s.auc)}`;
}

function summaryTable(summaries, defaultThreshold) {
  const d = formatThreshold(defaultThreshold);
  const lines = [
    `| dataset | pairs | label 1 / 0 | ROC AUC | recall @ ${d} | false-hit rate @ ${d} | false hits among negatives @ ${d} | precision @ ${d} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    const r = s.atDefault;
    lines.push(
      `| \`${s.name}\` | ${int(s.pairs.length)} | ${int(s.positives)} / ${int(s.negatives)} | ${num(s.auc)} | ${pct(r.recall)} | ${pct(r.falseHitRate)} | ${pct(r.falseHitAmongNegatives)} | ${pct(r.precision)} |`,
    );
  }
  return lines.join('\n');
}

/** Per kind of the hand-written pairs (paraphrase / synonym / lookalike): how many hit at the default threshold. */
function lookalikeKinds(summary) {
  const kinds = new Map();
  for (const r of summary.results) {
    const k = kinds.get(r.kind) ?? { kind: r.kind, label: r.label, n: 0, hits: 0, sims: [] };
    k.n++;
    if (r.similarity >= summary.defaultThreshold) k.hits++;
    k.sims.push(r.similarity);
    kinds.set(r.kind, k);
  }
  return [...kinds.values()];
}

/**
 * Recommended threshold: the lowest threshold of the grid whose false-hit rate (wrong hits / lookups)
 * is at most MAX_FALSE_HIT_RATE on every labelled data file that has negatives, i.e. the most recall
 * that cap allows. The hand-written look-alike set is reported but not part of the rule: at 44 pairs
 * one pair moves it by 2.3 points. Undefined when no threshold of the grid meets the cap.
 */
function recommend(summaries) {
  const ruled = summaries.filter((s) => s.external && s.negatives > 0);
  if (ruled.length === 0) return undefined;
  const grid = summaries[0].rows.map((r) => r.threshold);
  return grid.find((t) => ruled.every((s) => rowAt(s, t).falseHitRate <= MAX_FALSE_HIT_RATE));
}

function rowAt(summary, threshold) {
  return summary.rows.find((r) => r.threshold === threshold) ?? atThreshold(summary.results, threshold);
}

/** The hits a lower threshold adds over a higher one, and how many of them are wrong. */
function band(summary, low, high) {
  const lo = rowAt(summary, low);
  const hi = rowAt(summary, high);
  return { added: lo.hits - hi.hits, wrong: lo.wrong - hi.wrong };
}

function analysis(summaries, defaultThreshold) {
  const d = formatThreshold(defaultThreshold);
  const external = summaries.filter((s) => s.external);
  const lookalike = summaries.find((s) => !s.external);
  const parts = [];
  const perDataset = external
    .map((s) => {
      const r = s.atDefault;
      return s.negatives
        ? `\`${s.name}\`: ${pct(r.falseHitRate)} of lookups are wrong hits (${pct(r.falseHitAmongNegatives)} of its ` +
            `non-paraphrases hit; ${pct(r.precision === undefined ? undefined : 1 - r.precision)} of its hits are wrong) for ${pct(r.recall)} recall`
        : `\`${s.name}\` (paraphrases only): ${pct(r.recall)} recall`;
    })
    .join('; ');
  parts.push(`**What the default ${d} buys.** ${perDataset}.`);
  const simplified = summaries.find((s) => s.name === 'lcqmc-test');
  const traditional = summaries.find((s) => s.name === 'lcqmc-test.zh-tw');
  if (simplified && traditional) {
    parts.push(
      `Script folding works: the Traditional Chinese conversion of the same LCQMC pairs scores like the Simplified original ` +
        `(ROC AUC ${num(traditional.auc)} vs ${num(simplified.auc)}; at ${d} recall ${pct(traditional.atDefault.recall)} vs ` +
        `${pct(simplified.atDefault.recall)}, false-hit rate ${pct(traditional.atDefault.falseHitRate)} vs ${pct(simplified.atDefault.falseHitRate)}).`,
    );
  }
  if (lookalike) {
    const kinds = lookalikeKinds(lookalike);
    const text = kinds
      .map(
        (k) =>
          `${k.hits} of ${k.n} ${k.kind} pairs (label ${k.label}) hit, similarity ${num(Math.min(...k.sims), 2)}–${num(Math.max(...k.sims), 2)}`,
      )
      .join('; ');
    parts.push(`On the hand-written \`lookalike-pairs\` at ${d}: ${text}.`);
  }
  const rec = recommend(summaries);
  if (rec !== undefined) {
    const figures = summaries
      .map((s) => {
        const r = rowAt(s, rec);
        return s.negatives
          ? `\`${s.name}\` ${pct(r.falseHitRate)} false hits / ${pct(r.recall)} recall`
          : `\`${s.name}\` ${pct(r.recall)} recall`;
      })
      .join(', ');
    let relation;
    if (rec === defaultThreshold) {
      relation = `the default ${d} is the recommendation.`;
    } else {
      const [low, high] = rec < defaultThreshold ? [rec, defaultThreshold] : [defaultThreshold, rec];
      const bands = external
        .filter((s) => s.negatives > 0)
        .map((s) => {
          const b = band(s, low, high);
          return `\`${s.name}\` ${int(b.wrong)} of ${int(b.added)} (${pct(b.added ? b.wrong / b.added : undefined)})`;
        })
        .join(', ');
      relation =
        rec > defaultThreshold
          ? `the default ${d} is too permissive for this embedder: of the hits that ${formatThreshold(low)} adds over ${formatThreshold(high)}, ` +
            `${bands} are wrong. Set \`EMBED_SIM_THRESHOLD=${formatThreshold(rec)}\` with the lexical embedder. The cost is recall, and it ` +
            'is not the same everywhere: where most of those extra hits are right (a Chinese-only deployment, judging by LCQMC) ' +
            `${formatThreshold(low)} is a defensible choice if misses are expensive; where most are wrong (English, judging by QQP) it is not.`
          : `${formatThreshold(rec)} keeps false hits under the cap with more recall than ${d}; of the hits it adds over ${d}, ${bands} are wrong.`;
    }
    parts.push(
      `**Recommended threshold: ${formatThreshold(rec)}**, by the rule "lowest threshold of the grid whose false-hit rate is at most ` +
        `${pct(MAX_FALSE_HIT_RATE)} of lookups on every labelled data file with negatives": a wrong answer served from cache is ` +
        `worse than a miss, which only costs one LLM call. At ${formatThreshold(rec)}: ${figures}. By that rule ${relation}`,
    );
  } else {
    parts.push(
      `**No threshold of the grid keeps false hits at or below ${pct(MAX_FALSE_HIT_RATE)} of lookups on every labelled data file**; ` +
        'use the highest threshold of the grid and treat the semantic layer as a low-recall layer.',
    );
  }
  parts.push(
    'Both real sets have hard negatives: QQP and LCQMC non-paraphrases are mostly pairs on the same topic that share many words. ' +
      'Their false-hit rates are therefore what a lookup risks when a look-alike question is already cached, not the rate over ' +
      'all traffic, which depends on how often that happens.',
  );
  return { text: parts.join('\n\n'), recommended: rec };
}

// ---------------------------------------------------------------- docs

function gitLabel() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'n/a';
  const diff = spawnSync(
    'git',
    [
      'diff',
      '--quiet',
      'HEAD',
      '--',
      'src/embed-cache',
      'src/embedding',
      'src/vector-index',
      'src/common/normalize-question.ts',
    ],
    { cwd: ROOT },
  );
  const dirty =
    diff.status === 1
      ? 'with uncommitted changes under src/embed-cache, src/embedding or src/vector-index'
      : 'src/embed-cache, src/embedding and src/vector-index unmodified against it';
  return `compiled \`dist/\` of the working tree; HEAD at run time ${head.stdout.trim()}, ${dirty}`;
}

function docSection(summaries, meta) {
  const d = formatThreshold(meta.defaultThreshold);
  const what =
    'Labelled question pairs replayed through the real semantic layer (`LexicalEmbedder` ' +
    `\`${meta.embedderId}\`, default threshold ${d}, \`MemoryVectorIndex\`, \`EmbedCacheService\`): question a is saved, question b ` +
    "looked up. Label 1 = b should get a's answer; label 0 = a hit is a wrong answer. False-hit rate = label-0 hits / lookups; " +
    `at most ${int(MAX_PAIRS)} pairs per file (seeded sample, seed ${SEED}) from \`../shared/bench-data/\` (not in this repo) plus ` +
    '`bench/data/lookalike-pairs.jsonl`. Method and column definitions in the header of `bench/semantic-quality.js`.';
  const out = [...sectionHead(SECTION_TITLE, what, meta)];
  out.push(`At the default threshold ${d}:`, '', summaryTable(summaries, meta.defaultThreshold), '');
  out.push('<details><summary>Every threshold</summary>', '');
  for (const s of summaries) out.push(`\`${s.name}\`:`, '', thresholdTable(s, DOC_MIN_THRESHOLD), '');
  out.push('</details>', '');
  return out.join('\n');
}

/** The key figures of a run for bench/results/semantic-quality.json: per dataset, at the default threshold. */
function runFigures(summaries, defaultThreshold) {
  const share = (x) => (x === undefined || x === null || Number.isNaN(x) ? null : Number(x.toFixed(4)));
  return {
    defaultThreshold,
    datasets: Object.fromEntries(
      summaries.map((s) => [
        s.name,
        {
          pairs: s.pairs.length,
          rocAuc: share(s.auc),
          recall: share(s.atDefault.recall),
          falseHitRate: share(s.atDefault.falseHitRate),
          precision: share(s.atDefault.precision),
        },
      ]),
    ),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const datasets = loadDatasets();
  const embedder = new LexicalEmbedder();
  const summaries = [];
  let seconds = 0;
  for (const dataset of datasets) {
    const replayed = await replay(dataset, embedder);
    seconds += replayed.seconds;
    const summary = summarize(dataset, replayed);
    summaries.push(summary);
    console.log(`\n### ${summary.name}\n`);
    console.log(
      `${datasetLine(summary)}. Replayed in ${replayed.seconds.toFixed(1)} s` +
        (replayed.negativeCosines
          ? `; ${replayed.negativeCosines} pairs scored below 0 (similarity read from VectorIndex.nearest)`
          : '') +
        '.\n',
    );
    console.log(thresholdTable(summary));
    if (!summary.external) {
      console.log(`\nPer pair (similarity; hit at ${formatThreshold(summary.defaultThreshold)}?):\n`);
      console.log('| kind | label | similarity | hit | a | b |\n|---|---:|---:|---|---|---|');
      for (const r of summary.results) {
        const hit = r.similarity >= summary.defaultThreshold;
        const verdict = hit === (r.label === 1) ? (hit ? 'hit ✓' : 'miss ✓') : hit ? 'WRONG HIT' : 'missed';
        console.log(`| ${r.kind} | ${r.label} | ${r.similarity.toFixed(3)} | ${verdict} | ${r.a} | ${r.b} |`);
      }
    }
  }
  const defaultThreshold = embedder.defaultThreshold;
  const result = analysis(summaries, defaultThreshold);
  console.log(`\n### Summary at the default threshold ${formatThreshold(defaultThreshold)}\n`);
  console.log(summaryTable(summaries, defaultThreshold));
  console.log(`\n${result.text}\n`);
  const verified = printPolicies(summaries, defaultThreshold);
  console.log(`\n${feedback.FEEDBACK_SECTION_TITLE}\n\n${feedback.feedbackTable(summaries)}\n`);
  console.log(`Replay time ${seconds.toFixed(1)} s.`);

  if (!WRITE_DOCS) {
    console.log('docs/BENCHMARKS.md not written (non-default settings or BENCH_WRITE_DOCS=0).');
    return;
  }
  const meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: 'npm run build && npm run bench:semantic-quality',
    build: gitLabel(),
    machine: machine(),
    embedderId: embedder.id,
    defaultThreshold,
  };
  writeSection(DOC_PATH, SECTION_TITLE, docSection(summaries, meta));
  writeSection(DOC_PATH, POLICY_SECTION_TITLE, policySection(summaries, verified, meta), {
    insertBefore: '## Cold start',
  });
  writeSection(DOC_PATH, feedback.FEEDBACK_SECTION_TITLE, feedback.feedbackSection(summaries, meta), {
    insertBefore: '## Cold start',
  });
  const figures = {
    ...runFigures(summaries, defaultThreshold),
    policy: policyFigures(summaries, verified),
    feedback: feedback.feedbackFigures(summaries),
  };
  const file = appendResult('semantic-quality', { ...meta, figures });
  console.log(
    `Wrote the sections "${SECTION_TITLE}", "${POLICY_SECTION_TITLE}" and "${feedback.FEEDBACK_SECTION_TITLE}" of ${path.relative(ROOT, DOC_PATH)} and appended to ${file}.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
