'use strict';
// The semantic layer's decision policy (threshold + uncertainty band + verifier) as the compiled
// service decides it, for bench/semantic-quality.js: building the services, tallying, the tables.
const { requireDist } = require('./dist');
const { formatThreshold } = require('./util');

const { EmbedCacheService } = requireDist('embed-cache/embed-cache.service');
const { HitVerification } = requireDist('embed-cache/verifier/hit-verification.service');
const { GuardVerifier } = requireDist('embed-cache/verifier/adapters/guard-verifier');
const { NoVerifier } = requireDist('embed-cache/verifier/adapters/no-verifier');
const { readQuestion } = requireDist('embed-cache/verifier/guard/question-text');
const { disagreement } = requireDist('embed-cache/verifier/guard/guard-rules');
const { Environment } = requireDist('config/environment');
const { SemanticVerifyConfig } = requireDist('config/semantic-verify.config');

/** The static thresholds the issue compares against, measured in the same run. */
const STATIC_THRESHOLDS = [0.8, 0.85, 0.9, 0.95];
/** Band widths replayed besides the default, for the band recommendation. */
const BAND_GRID = [0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15];
/** The cap of the band recommendation: the same as the threshold recommendation's. */
const MAX_FALSE_HIT_RATE = 0.01;

/** The settings the app runs with when none is set (SEMANTIC_VERIFIER, SEMANTIC_UNCERTAINTY_BAND, SEMANTIC_VERIFY). */
const DEFAULTS = new SemanticVerifyConfig(new Environment());

/** A MetricsService stand-in that counts the verifier's decisions. */
function countingMetrics() {
  const verifications = { accepted: 0, rejected: 0, error: 0 };
  return {
    verifications,
    recordLookup() {},
    recordEmbedding() {},
    recordStoreError() {},
    registerEntryCounter() {},
    recordSemanticCandidate() {},
    registerSemanticAnalytics() {},
    recordVerification(_verifier, decision) {
      verifications[decision]++;
    },
  };
}

/** The policies replayed: the default first, then the other band widths and SEMANTIC_VERIFY=all. */
function policyList() {
  const label = (band, all) => `guard, band ${band.toFixed(3)}${all ? ', verify all' : ''}`;
  const list = [{ name: label(DEFAULTS.band, DEFAULTS.verifyAll), band: DEFAULTS.band, verifyAll: DEFAULTS.verifyAll }];
  for (const band of BAND_GRID)
    if (band !== DEFAULTS.band) list.push({ name: label(band, false), band, verifyAll: false });
  if (!DEFAULTS.verifyAll) list.push({ name: label(DEFAULTS.band, true), band: DEFAULTS.band, verifyAll: true });
  list[0].isDefault = true;
  return list;
}

/** CircuitBreakers stand-in: an embedder that never trips a breaker, each call made as it comes. */
const noBreakers = { for: () => ({ execute: (call) => call() }) };

/**
 * One EmbedCacheService per policy over the same index, each deciding as the app would with those
 * settings and the embedder's default threshold. `none` is the threshold alone (the static default).
 */
function policyServices(embedder, index) {
  if (DEFAULTS.verifier !== 'guard') throw new Error(`the default verifier is ${DEFAULTS.verifier}, not guard`);
  const build = (verifier, band, verifyAll) => {
    const metrics = countingMetrics();
    const config = { ...DEFAULTS, band, verifyAll };
    const verification = new HitVerification(verifier, config, metrics);
    const embed = { timeoutMs: 60_000, similarityThreshold: undefined };
    return { service: new EmbedCacheService(embedder, index, embed, metrics, verification, noBreakers), metrics };
  };
  const guard = new GuardVerifier();
  return {
    staticDefault: build(new NoVerifier(), 0, false).service,
    policies: policyList().map((policy) => ({ ...policy, ...build(guard, policy.band, policy.verifyAll) })),
  };
}

/** Which rule of the guard two questions disagree on (diagnostics: the same pure function the adapter calls). */
function guardRule(a, b) {
  return disagreement(readQuestion(a), readQuestion(b));
}

function tally(results, hitOf) {
  let hits = 0;
  let wrong = 0;
  let positives = 0;
  for (const r of results) {
    if (r.label === 1) positives++;
    if (hitOf(r)) {
      hits++;
      if (r.label === 0) wrong++;
    }
  }
  const n = results.length;
  return {
    hits,
    wrong,
    hitRate: hits / n,
    falseHitRate: wrong / n,
    precision: hits ? (hits - wrong) / hits : undefined,
    recall: positives ? (hits - wrong) / positives : undefined,
  };
}

/**
 * Static rows at 0.80-0.95 and at the embedder's default (the goal's baseline), and one row per
 * policy, measured on the same replay.
 */
function policyRows(summary, policies, defaultThreshold) {
  const thresholds = [...new Set([...STATIC_THRESHOLDS, defaultThreshold])].sort((a, b) => a - b);
  const rows = thresholds.map((t) => ({
    name: `static ${formatThreshold(t)}`,
    static: t,
    ...tally(summary.results, (r) => r.similarity >= t),
  }));
  for (const policy of policies)
    rows.push({
      ...policy,
      ...tally(summary.results, (r) => r.policies[policy.name]),
      verifications: summary.verifications[policy.name],
    });
  return rows;
}

/**
 * The goal against the 0.95 static threshold: at its wrong-hit rate at least twice its hits,
 * or at its hits at most half its wrong hits. Of the default policy unless another is named.
 */
function goal(rows, defaultThreshold, policyName = rows.find((r) => r.isDefault).name) {
  const base = rows.find((r) => r.static === defaultThreshold);
  const policy = rows.find((r) => r.name === policyName);
  const twiceTheHits = policy.wrong <= base.wrong && policy.hits >= 2 * base.hits;
  const halfTheWrong = policy.hits >= base.hits && policy.wrong <= base.wrong / 2;
  return { base, policy, met: twiceTheHits || halfTheWrong, twiceTheHits, halfTheWrong };
}

/**
 * The widest band of the grid up to which every band keeps false hits (wrong hits / lookups) at or
 * below the cap on every external set with negatives; 0 when even the narrowest does not.
 */
function recommendBand(summaries) {
  const ruled = summaries.filter((s) => s.external && s.negatives > 0);
  const bands = [
    ...new Set(
      policyList()
        .filter((p) => !p.verifyAll)
        .map((p) => p.band),
    ),
  ].sort((a, b) => a - b);
  let best = 0;
  for (const band of bands) {
    const name = policyList().find((p) => p.band === band && !p.verifyAll).name;
    if (!ruled.every((s) => tally(s.results, (r) => r.policies[name]).falseHitRate <= MAX_FALSE_HIT_RATE)) break;
    best = band;
  }
  return best;
}

module.exports = {
  DEFAULTS,
  MAX_FALSE_HIT_RATE,
  policyServices,
  policyList,
  policyRows,
  guardRule,
  goal,
  recommendBand,
};
