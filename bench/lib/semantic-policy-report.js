'use strict';
// Tables, verdicts and the docs section of the decision-policy part of bench/semantic-quality.js.
const { sectionHead } = require('./docs-section');
const { formatThreshold } = require('./util');
const { DEFAULTS, MAX_FALSE_HIT_RATE, goal, policyList, policyRows, recommendBand } = require('./semantic-policy');

const POLICY_SECTION_TITLE = '## Verified semantic hits (uncertainty band + guard)';

const pct = (x) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const ratio = (x, base) => (base ? `${(x / base).toFixed(2)}×` : x ? '∞' : '–');

function rowsTable(rows, base) {
  const lines = [
    '| decision | hit rate | false-hit rate | precision | recall | hits vs static default | false hits vs static default | verifier accepted / rejected / error |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const name = r.isDefault
      ? `**${r.name} (default policy)**`
      : r.static === base.static
        ? `${r.name} (static default)`
        : r.name;
    const v = r.verifications
      ? `${r.verifications.accepted} / ${r.verifications.rejected} / ${r.verifications.error}`
      : '–';
    lines.push(
      `| ${name} | ${pct(r.hitRate)} | ${pct(r.falseHitRate)} | ${pct(r.precision)} | ${pct(r.recall)} | ${ratio(r.hits, base.hits)} | ${ratio(r.wrong, base.wrong)} | ${v} |`,
    );
  }
  return lines.join('\n');
}

/** Per guard rule: how many candidates of the default band it rejected, of label 0 (right) and label 1 (wrong). */
function ruleCounts(summary) {
  const band = summary.results.filter((r) => r.rule !== undefined);
  const counts = new Map();
  for (const r of band) {
    if (!r.rule) continue;
    const c = counts.get(r.rule) ?? { negatives: 0, positives: 0 };
    c[r.label === 0 ? 'negatives' : 'positives']++;
    counts.set(r.rule, c);
  }
  const negatives = band.filter((r) => r.label === 0).length;
  return { negatives, positives: band.length - negatives, byRule: [...counts] };
}

function ruleLine(rules) {
  const rejected = rules.byRule.map(([rule, c]) => `${rule} ${c.negatives} / ${c.positives}`).join(', ') || 'none';
  return `In the default band: ${rules.negatives} label-0 and ${rules.positives} label-1 candidates; rejected by rule (label 0 / label 1): ${rejected}.`;
}

function goalLine(name, g) {
  const { base, policy } = g;
  const figures =
    `${pct(policy.hitRate)} hits / ${pct(policy.falseHitRate)} false hits against ${pct(base.hitRate)} / ${pct(base.falseHitRate)} ` +
    `at the static default (${ratio(policy.hits, base.hits)} the hits, ${ratio(policy.wrong, base.wrong)} the false hits)`;
  const verdict = g.twiceTheHits
    ? 'met (at most its false hits, at least twice its hits)'
    : g.halfTheWrong
      ? 'met (at least its hits, at most half its false hits)'
      : 'NOT met';
  return `\`${name}\`: ${figures}: **${verdict}**.`;
}

/** Per data file, the narrowest band of the grid whose policy meets the goal, if any. */
function goalBands(perDataset, defaultThreshold) {
  const bands = policyList()
    .filter((p) => !p.verifyAll)
    .sort((a, b) => a.band - b.band);
  const parts = perDataset.map(({ name, rows }) => {
    const met = bands.find((p) => goal(rows, defaultThreshold, p.name).met);
    return `\`${name}\` ${met ? met.band : 'none'}`;
  });
  return `Narrowest band of the grid whose policy meets the goal: ${parts.join(', ')}.`;
}

/** Prints the policy tables and verdicts; returns what the docs section and the results record need. */
function printPolicies(summaries, defaultThreshold) {
  const perDataset = summaries.map((s) => {
    const rows = policyRows(s, policyList(), defaultThreshold);
    return { name: s.name, rows, goal: goal(rows, defaultThreshold), rules: ruleCounts(s) };
  });
  const recommendedBand = recommendBand(summaries);
  console.log(`\n### Decision policy (threshold ${formatThreshold(defaultThreshold)}, band ${DEFAULTS.band}, guard)\n`);
  for (const d of perDataset) {
    const base = d.rows.find((r) => r.static === defaultThreshold);
    console.log(`\`${d.name}\`:\n\n${rowsTable(d.rows, base)}\n\n${ruleLine(d.rules)}\n`);
  }
  for (const d of perDataset) console.log(goalLine(d.name, d.goal));
  const narrowest = goalBands(perDataset, defaultThreshold);
  console.log(`\n${narrowest}\n\n${bandAdvice(recommendedBand)}\n`);
  return { perDataset, recommendedBand, defaultThreshold, narrowest };
}

function bandAdvice(band) {
  const rule = `the widest band of the grid up to which every band keeps false hits at or below ${pct(MAX_FALSE_HIT_RATE)} of lookups on every labelled data file with negatives`;
  const verdict = band === DEFAULTS.band ? 'the default is the recommendation' : `the default is ${DEFAULTS.band}`;
  return `**Recommended band: ${band}** (${rule}); ${verdict}.`;
}

function policySection(summaries, verified, meta) {
  const d = formatThreshold(verified.defaultThreshold);
  const what =
    "The same replay as the section above, decided as the service decides it: the embedder's default threshold " +
    `${d}, the uncertainty band \`SEMANTIC_UNCERTAINTY_BAND=${DEFAULTS.band}\` below it and the default verifier ` +
    '`SEMANTIC_VERIFIER=guard` (the compiled `EmbedCacheService`, `HitVerification` and `GuardVerifier`), beside the ' +
    'static thresholds of the same run and other band widths. Goal (issue 14): at the false-hit rate of the static ' +
    `default ${d}, at least twice its hits; or at its hits, at most half its false hits. Method in the header of ` +
    '`bench/semantic-quality.js`.';
  const out = [...sectionHead(POLICY_SECTION_TITLE, what, meta)];
  out.push(...verified.perDataset.map((x) => `- ${goalLine(x.name, x.goal)}`), '');
  out.push(verified.narrowest, '', bandAdvice(verified.recommendedBand), '');
  for (const x of verified.perDataset) {
    const base = x.rows.find((r) => r.static === verified.defaultThreshold);
    out.push(`\`${x.name}\`:`, '', rowsTable(x.rows, base), '', ruleLine(x.rules), '');
  }
  return out.join('\n');
}

/** The key figures for bench/results/semantic-quality.json. */
function policyFigures(summaries, verified) {
  const share = (x) => (x === undefined ? null : Number(x.toFixed(4)));
  return {
    band: DEFAULTS.band,
    verifier: DEFAULTS.verifier,
    recommendedBand: verified.recommendedBand,
    datasets: Object.fromEntries(
      verified.perDataset.map(({ name, goal: g }) => [
        name,
        {
          hitRate: share(g.policy.hitRate),
          falseHitRate: share(g.policy.falseHitRate),
          staticHitRate: share(g.base.hitRate),
          staticFalseHitRate: share(g.base.falseHitRate),
          goalMet: g.met,
        },
      ]),
    ),
  };
}

module.exports = { POLICY_SECTION_TITLE, printPolicies, policySection, policyFigures };
