import { NamespaceStats, SIMILARITY_BUCKETS, SimilarityDecision } from './similarity-stats';

/** Below this many lookups a replica's counts say too little to move a threshold. */
export const MIN_LOOKUPS = 50;
/** Below this many verifier decisions in the band, their acceptance rate says too little. */
export const MIN_BAND_DECISIONS = 20;
/** The verifier's acceptance rate in the band above which the threshold may come down to the band's floor. */
export const LOWER_WHEN_ACCEPTED = 0.9;

/** GET /cache/threshold-report: one namespace as this replica saw it. */
export interface ThresholdReport {
  namespace: string;
  /** Counted by the replica that answered, since its start; other replicas count their own. */
  scope: 'replica';
  threshold: number;
  band: number;
  lookups: number;
  /** Shares of lookups: served hits (both kinds), candidates in the band, hits the verifier accepted, near misses below the floor. */
  rates: { hit: number; uncertain: number; verified: number; nearMiss: number };
  /** Mean distance of near misses below the band's floor; null without any. */
  nearMissDistance: number | null;
  feedback: { wrong: number; right: number };
  /** Counts of nearest candidates per similarity bucket (upper edges, inclusive) and decision. */
  histogram: { edges: number[] } & Record<SimilarityDecision, number[]>;
  recommendedThreshold: number;
  reason: string;
}

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The report of one namespace's counts under its threshold and band. */
export function thresholdReport(
  namespace: string,
  stats: NamespaceStats,
  settings: { threshold: number; band: number; maxErrorRate: number },
): ThresholdReport {
  const count = (decision: SimilarityDecision) => sum(stats.histogram[decision]);
  const [served, verified, rejected, nearMisses] = ['served', 'verified', 'rejected', 'near_miss'].map((d) =>
    count(d as SimilarityDecision),
  );
  const hits = served + verified;
  const { lookups } = stats;
  return {
    namespace,
    scope: 'replica',
    threshold: settings.threshold,
    band: settings.band,
    lookups,
    rates: {
      hit: share(hits, lookups),
      uncertain: share(verified + rejected, lookups),
      verified: share(verified, lookups),
      nearMiss: share(nearMisses, lookups),
    },
    nearMissDistance: nearMisses > 0 ? Math.round((stats.nearMissDistance / nearMisses) * 10_000) / 10_000 : null,
    feedback: { wrong: stats.reportsWrong, right: stats.reportsRight },
    histogram: { edges: SIMILARITY_BUCKETS, ...stats.histogram },
    ...recommend(stats, { hits, verified, rejected }, settings),
  };
}

function recommend(
  stats: NamespaceStats,
  { hits, verified, rejected }: { hits: number; verified: number; rejected: number },
  { threshold, band, maxErrorRate }: { threshold: number; band: number; maxErrorRate: number },
): { recommendedThreshold: number; reason: string } {
  const keep = (reason: string) => ({ recommendedThreshold: threshold, reason });
  if (stats.lookups < MIN_LOOKUPS)
    return keep(`only ${stats.lookups} lookups on this replica (fewer than ${MIN_LOOKUPS}): not enough evidence`);
  const wrongShare = hits > 0 ? stats.reportsWrong / hits : 0;
  if (wrongShare > maxErrorRate) {
    const raised = Math.min(1, Math.round((threshold + Math.max(band, 0.025)) * 1000) / 1000);
    return {
      recommendedThreshold: raised,
      reason: `${stats.reportsWrong} wrong-hit reports for ${hits} hits (${pct(wrongShare)}) exceed SEMANTIC_MAX_ERROR_RATE ${pct(maxErrorRate)}`,
    };
  }
  const judged = verified + rejected;
  if (band > 0 && judged >= MIN_BAND_DECISIONS && verified / judged >= LOWER_WHEN_ACCEPTED)
    return {
      recommendedThreshold: Math.round((threshold - band) * 1000) / 1000,
      reason: `the verifier accepted ${pct(verified / judged)} of ${judged} candidates in the band, and wrong-hit reports stay within SEMANTIC_MAX_ERROR_RATE`,
    };
  return keep(
    judged >= MIN_BAND_DECISIONS
      ? `the verifier accepted ${pct(verified / judged)} of ${judged} candidates in the band (under ${pct(LOWER_WHEN_ACCEPTED)}), and wrong-hit reports stay within SEMANTIC_MAX_ERROR_RATE`
      : `wrong-hit reports stay within SEMANTIC_MAX_ERROR_RATE and fewer than ${MIN_BAND_DECISIONS} band candidates were judged`,
  );
}
