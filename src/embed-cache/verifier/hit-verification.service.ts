import { Injectable, Optional } from '@nestjs/common';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { MetricsService } from '../../metrics/metrics.service';
import { SemanticMatch } from '../../vector-index/vector-index.port';
import { EntryCalibrationService } from '../calibration/entry-calibration.service';
import { candidateFloor, decideCandidate, VerificationPolicy } from './verification-policy';
import { Verdict, Verifier } from './verifier.port';
import { CACHE_ATTR } from '../../tracing/cache-attributes';
import { inSpan, SPAN } from '../../tracing/tracer';

/** A semantic match the layer serves; `verified` when the verifier accepted it. */
export interface VerifiedMatch extends SemanticMatch {
  verified: boolean;
}

/**
 * Applies the uncertainty band to the semantic layer's nearest candidate: above the threshold it is
 * served (verified first with SEMANTIC_VERIFY=all), in the band only if the verifier accepts it.
 * Every decision is counted, and teaches the candidate's entry its own threshold.
 */
@Injectable()
export class HitVerification {
  private readonly policy: VerificationPolicy;

  constructor(
    private readonly verifier: Verifier,
    config: SemanticVerifyConfig,
    private readonly metrics: MetricsService,
    @Optional() private readonly calibration?: EntryCalibrationService,
  ) {
    this.policy = { band: config.band, verifyAll: config.verifyAll, enabled: verifier.kind !== 'none' };
  }

  /** The similarity the index must look down to for a lookup with this threshold and request. */
  floor(threshold: number, requested = 0, band = this.policy.band): number {
    return candidateFloor(threshold, requested, { ...this.policy, band });
  }

  /** SEMANTIC_UNCERTAINTY_BAND: the band of a namespace without its own. */
  get band(): number {
    return this.policy.band;
  }

  /** True when every semantic hit is verified (SEMANTIC_VERIFY=all with a verifier). */
  get verifiesEveryHit(): boolean {
    return this.policy.enabled && this.policy.verifyAll;
  }

  /** The candidate as a hit, or undefined when it is below the floor, rejected, or could not be judged. */
  async admit(
    question: string,
    candidate: SemanticMatch,
    threshold: number,
    requested = 0,
    band = this.policy.band,
  ): Promise<VerifiedMatch | undefined> {
    const decision = decideCandidate(candidate.similarity, threshold, requested, { ...this.policy, band });
    if (decision === 'miss') return undefined;
    if (decision === 'serve') return { ...candidate, verified: false };
    const verdict = await inSpan(SPAN.verify, async (span) => {
      const judged = await this.judge(question, candidate);
      if (span.isRecording())
        span.setAttributes({
          [CACHE_ATTR.verifier]: this.verifier.kind,
          [CACHE_ATTR.verdict]: judged,
          [CACHE_ATTR.similarity]: candidate.similarity,
        });
      return judged;
    });
    this.metrics.recordVerification(this.verifier.kind, verdict);
    // Accepts and rejects teach the entry's own threshold; an error says nothing about the pair.
    if (verdict !== 'error')
      this.calibration?.learnInBackground(
        candidate.entry,
        candidate.similarity,
        verdict === 'accepted',
        this.floor(threshold, 0, band),
      );
    return verdict === 'accepted' ? { ...candidate, verified: true } : undefined;
  }

  private async judge(question: string, { entry, similarity }: SemanticMatch): Promise<Verdict> {
    try {
      return await this.verifier.verify({ question, cachedQuestion: entry.question, similarity });
    } catch {
      return 'error'; // the port promises never to reject; an adapter that does still gives a miss
    }
  }
}
