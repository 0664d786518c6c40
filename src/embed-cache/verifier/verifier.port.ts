/** A cached question proposed as the answer to a new one. */
export interface Candidate {
  /** The question asked now, normalised. */
  question: string;
  /** The cached question whose answer would be served, normalised. */
  cachedQuestion: string;
  /** Cosine similarity of the two questions' vectors (0-1). */
  similarity: number;
}

/**
 * `accepted`: the cached answer may be served. `rejected`: the questions ask different things.
 * `error`: no judgement could be made (upstream down, timeout); served as a miss, like a rejection.
 */
export type Verdict = 'accepted' | 'rejected' | 'error';

/** Which verifier judges candidates (SEMANTIC_VERIFIER). */
export type VerifierKind = 'guard' | 'llm' | 'none';

/**
 * Second opinion on a semantic candidate before its answer is served. The abstract class is the DI
 * token; every adapter passes `test/contracts/verifier.contract.ts`.
 */
export abstract class Verifier {
  /** The adapter's name, used as the `verifier` label of the verification counter. */
  abstract readonly kind: VerifierKind;

  /**
   * Judges whether `candidate.cachedQuestion`'s answer answers `candidate.question`. Never rejects:
   * any failure resolves `error`, which the caller serves as a miss, never as a hit.
   */
  abstract verify(candidate: Candidate): Promise<Verdict>;
}
