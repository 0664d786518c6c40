import { Injectable } from '@nestjs/common';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { MetricsService } from '../../metrics/metrics.service';
import { SemanticMatch } from '../../vector-index/vector-index.port';
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
 * Every decision is counted.
 */
@Injectable()
export class HitVerification {
  private readonly policy: VerificationPolicy;

  constructor(
    private readonly verifier: Verifier,
    config: SemanticVerifyConfig,
    private readonly metrics: MetricsService,
  ) {
    this.policy = { band: config.band, verifyAll: config.verifyAll, enabled: verifier.kind !== 'none' };
  }

  /** The similarity the index must look down to for a lookup with this threshold and request. */
  floor(threshold: number, requested = 0): number {
    return candidateFloor(threshold, requested, this.policy);
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
  ): Promise<VerifiedMatch | undefined> {
    const decision = decideCandidate(candidate.similarity, threshold, requested, this.policy);
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
