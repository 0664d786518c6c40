/**
 * Per-entry thresholds learnt from outcomes (vCache's idea, from its paper: each entry gets its own
 * threshold under a bound on the error rate). Kept deliberately simple so that a threshold can be
 * explained from the stored counts alone.
 */

import { OutcomeBucket } from '../../vector-index/vector-index.port';

export type { OutcomeBucket };

export interface ThresholdPolicy {
  /** The lowest threshold an entry may have: the namespace's threshold, or its band floor when a verifier runs. */
  floor: number;
  /** SEMANTIC_MAX_ERROR_RATE: the error rate tolerated among the hits an entry serves. */
  maxErrorRate: number;
  /** SEMANTIC_FEEDBACK_RAISE_MARGIN: how far above a wrong outcome's similarity the threshold may go. */
  raiseMargin: number;
}

/** One-sided 95 % normal quantile: the confidence of the Wilson upper bound. */
const Z = 1.645;
/** At most this many buckets are kept per entry, so an entry's hash stays small. */
export const MAX_BUCKETS = 32;

/** Wilson score upper bound of an error rate with `wrong` errors among `total` outcomes (1 for none). */
export function wilsonUpperBound(wrong: number, total: number, z = Z): number {
  if (total <= 0) return 1;
  const p = wrong / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const spread = z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return Math.min(1, (centre + spread) / (1 + z2 / total));
}

/**
 * How many correct pseudo-outcomes stand for the configured policy (threshold, band, verifier): just
 * enough for an entry without evidence to meet the bound at the floor, so that it behaves as before
 * and a single wrong outcome already breaks the bound.
 */
export function priorWeight(maxErrorRate: number, z = Z): number {
  return Math.ceil((z * z * (1 - maxErrorRate)) / maxErrorRate);
}

/** The buckets with one more outcome at `similarity`; over MAX_BUCKETS the two lowest are merged. */
export function addOutcome(buckets: readonly OutcomeBucket[], similarity: number, correct: boolean): OutcomeBucket[] {
  const milli = Math.floor(Math.max(0, Math.min(1, similarity)) * 1000);
  const next = buckets.map((bucket) => ({ ...bucket }));
  let bucket = next.find((candidate) => candidate.milli === milli);
  if (!bucket) next.push((bucket = { milli, correct: 0, wrong: 0 }));
  if (correct) bucket.correct++;
  else bucket.wrong++;
  next.sort((a, b) => a.milli - b.milli);
  return next.length > MAX_BUCKETS ? mergeLowest(next) : next;
}

/** The two lowest buckets become one at the higher similarity; the lower one's correct outcomes are forgotten, so a merge never loosens the threshold. */
function mergeLowest([low, high, ...rest]: OutcomeBucket[]): OutcomeBucket[] {
  return [{ milli: high.milli, correct: high.correct, wrong: low.wrong + high.wrong }, ...rest];
}

/**
 * The entry's threshold: the lowest t in [floor, 1] such that the Wilson upper bound of the error
 * rate among the outcomes that bear on serving at ≥ t, with the configured policy counted as
 * {@link priorWeight} correct outcomes, is at most maxErrorRate. A correct outcome bears on t up to
 * its similarity; a wrong one up to its similarity plus the raise margin, so a wrong report lifts the
 * threshold clear above it. The bound only changes at those points, so only they are tried.
 */
export function entryThreshold(buckets: readonly OutcomeBucket[], policy: ThresholdPolicy): number {
  const wrongEnd = (bucket: OutcomeBucket) => (bucket.milli + 1) / 1000 + policy.raiseMargin;
  const candidates = [policy.floor, ...buckets.filter((b) => b.wrong > 0).map(wrongEnd)]
    .filter((t) => t >= policy.floor && t < 1)
    .sort((a, b) => a - b);
  const prior = priorWeight(policy.maxErrorRate);
  for (const t of candidates) {
    let correct = prior;
    let wrong = 0;
    for (const bucket of buckets) {
      if (bucket.milli / 1000 >= t) correct += bucket.correct;
      if (wrongEnd(bucket) > t) wrong += bucket.wrong;
    }
    if (wilsonUpperBound(wrong, correct + wrong) <= policy.maxErrorRate) return roundUp(t);
  }
  return 1;
}

/** Thresholds are stored in thousandths, rounded up so a stored threshold is never looser than computed. */
function roundUp(t: number): number {
  return Math.min(1, Math.ceil(t * 1000 - 1e-9) / 1000);
}
