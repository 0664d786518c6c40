import { Logger } from '@nestjs/common';
import { ChineseText } from '../../../embedding/lexical/chinese-text';
import { disagreement } from '../guard/guard-rules';
import { readQuestion } from '../guard/question-text';
import { Candidate, Verdict, Verifier } from '../verifier.port';

/**
 * Offline checks (SEMANTIC_VERIFIER=guard, the default): rejects a candidate whose question and the
 * cached one disagree on numbers, negation, units, dates, names, quoted terms or the kind of answer
 * asked (who against where, 怎么用 against 怎么样), in English and Chinese (either script). It
 * catches look-alikes that differ in one detail, not questions that differ in meaning throughout.
 */
export class GuardVerifier extends Verifier {
  readonly kind = 'guard';
  private readonly logger = new Logger(GuardVerifier.name);

  constructor() {
    super();
    ChineseText.shared(); // load the dictionaries (slow) at boot, not on the first candidate
  }

  verify({ question, cachedQuestion }: Candidate): Promise<Verdict> {
    try {
      const rule = disagreement(readQuestion(question), readQuestion(cachedQuestion));
      if (rule) this.logger.debug(`Rejected a semantic candidate: the questions disagree on ${rule}`);
      return Promise.resolve(rule ? 'rejected' : 'accepted');
    } catch (error) {
      this.logger.warn(`The guard failed, serving as a miss: ${(error as Error).message}`);
      return Promise.resolve('error');
    }
  }
}
