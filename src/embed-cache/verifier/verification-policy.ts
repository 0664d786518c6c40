/** When a semantic candidate needs the verifier (SEMANTIC_UNCERTAINTY_BAND, SEMANTIC_VERIFY). */
export interface VerificationPolicy {
  /** Width below the threshold in which a candidate is served only if verified; 0 = no band. */
  band: number;
  /** True: candidates at or above the threshold are verified too. */
  verifyAll: boolean;
  /** False with SEMANTIC_VERIFIER=none: the threshold alone decides. */
  enabled: boolean;
}

/** `serve` as a hit, `verify` first (served only if accepted), or a `miss`. */
export type CandidateDecision = 'serve' | 'verify' | 'miss';

/**
 * The lowest similarity worth a candidate: threshold − band. A stricter threshold asked for by the
 * request (`requested` above the configured one) is a hard floor with no band below it.
 */
export function candidateFloor(threshold: number, requested: number, policy: VerificationPolicy): number {
  if (requested > threshold) return requested;
  return policy.enabled ? Math.max(0, threshold - policy.band) : threshold;
}

/** What to do with the nearest candidate at `similarity` (see {@link candidateFloor}). */
export function decideCandidate(
  similarity: number,
  threshold: number,
  requested: number,
  policy: VerificationPolicy,
): CandidateDecision {
  if (similarity >= Math.max(threshold, requested)) return policy.enabled && policy.verifyAll ? 'verify' : 'serve';
  return similarity >= candidateFloor(threshold, requested, policy) ? 'verify' : 'miss';
}
