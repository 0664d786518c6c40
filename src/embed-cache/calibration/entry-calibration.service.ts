import { Injectable, Logger } from '@nestjs/common';
import { SemanticVerifyConfig } from '../../config/semantic-verify.config';
import { EntryCalibration, SemanticEntry, VectorIndex } from '../../vector-index/vector-index.port';
import { addOutcome, entryThreshold } from './entry-threshold';

/** Where an outcome came from: a caller's report, or the verifier's decision on a candidate. */
export type OutcomeSource = 'feedback' | 'verifier';

/** What one outcome did to an entry. */
export interface CalibrationResult {
  /** The entry's threshold after the outcome (1 when evicted). */
  threshold: number;
  /** Wrong and correct feedback reports so far. */
  wrong: number;
  right: number;
  /**
   * True when the entry was deleted: reported wrong more than SEMANTIC_FEEDBACK_EVICT_AFTER times,
   * or reported wrong at a similarity no threshold ≤ 1 excludes (the same question, in effect).
   */
  evicted: boolean;
}

/**
 * Learns an entry's own threshold from outcomes (entry-threshold.ts) and stores it in the entry, so
 * every replica reads it with the entry. Feedback reports also count towards eviction.
 */
@Injectable()
export class EntryCalibrationService {
  private readonly logger = new Logger(EntryCalibrationService.name);

  constructor(
    private readonly index: VectorIndex,
    private readonly config: SemanticVerifyConfig,
  ) {}

  /** SEMANTIC_MAX_ERROR_RATE. */
  get maxErrorRate(): number {
    return this.config.maxErrorRate;
  }

  /** The entry's calibration after one more outcome at `similarity`; `floor` is the namespace's candidate floor. */
  async learn(
    entry: SemanticEntry,
    outcome: { similarity: number; correct: boolean; source: OutcomeSource },
    floor: number,
  ): Promise<CalibrationResult> {
    const before = entry.calibration ?? { minSimilarity: floor, wrong: 0, right: 0, outcomes: [] };
    const reported = outcome.source === 'feedback';
    const wrong = before.wrong + (reported && !outcome.correct ? 1 : 0);
    const right = before.right + (reported && outcome.correct ? 1 : 0);
    const outcomes = addOutcome(before.outcomes, outcome.similarity, outcome.correct);
    const policy = { floor, maxErrorRate: this.config.maxErrorRate, raiseMargin: this.config.raiseMargin };
    const calibration: EntryCalibration = { minSimilarity: entryThreshold(outcomes, policy), wrong, right, outcomes };
    // A wrong report no threshold can exclude (the question is as close as the cached one) condemns the answer itself.
    const inseparable = reported && !outcome.correct && calibration.minSimilarity <= outcome.similarity;
    if (wrong > this.config.evictAfter || inseparable) {
      await this.index.delete(entry.namespace, entry.id);
      return { threshold: 1, wrong, right, evicted: true };
    }
    await this.index.calibrate(entry.namespace, entry.id, calibration);
    return { threshold: calibration.minSimilarity, wrong, right, evicted: false };
  }

  /** A verifier's decision as an outcome, in the background: bookkeeping never fails a lookup. */
  learnInBackground(entry: SemanticEntry, similarity: number, correct: boolean, floor: number): void {
    this.learn(entry, { similarity, correct, source: 'verifier' }, floor).catch((error: Error) =>
      this.logger.warn(`Learning from a verifier decision failed: ${error.message}`),
    );
  }
}
