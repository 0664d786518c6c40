import { CachedAnswer } from '../../common/cached-answer';
import { cosineOfUnitVectors, normalizeInPlace } from '../../vector-index/vector-math';

interface QuestionInFlight {
  /** Exact key of the request being answered (reported as the key that served its paraphrases). */
  key: string;
  vector: Float32Array;
  answer: Promise<CachedAnswer | undefined>;
}

export interface ParaphraseInFlight {
  key: string;
  similarity: number;
  /** The answer once it is stored; undefined if the call failed or its answer may not be stored. */
  answer: Promise<CachedAnswer | undefined>;
}

/**
 * Questions whose answers are being produced, by semantic scope (namespace and partition), so that a
 * paraphrase arriving meanwhile waits for that answer instead of paying for its own. In this
 * process only: few questions are in flight at once, so a linear scan of the scope is enough.
 */
export class InFlightQuestions {
  private readonly byScope = new Map<string, Set<QuestionInFlight>>();

  /** Registers a question until `answer` settles. */
  add(scope: string, entry: QuestionInFlight): void {
    const questions = this.byScope.get(scope) ?? new Set();
    this.byScope.set(scope, questions);
    // Embedders need not return unit vectors (the index normalises what it stores): so does this registry.
    entry = { ...entry, vector: normalizeInPlace(Float32Array.from(entry.vector)) };
    questions.add(entry);
    const remove = () => {
      questions.delete(entry);
      if (questions.size === 0 && this.byScope.get(scope) === questions) this.byScope.delete(scope);
    };
    entry.answer.then(remove, remove);
  }

  /** The most similar question in flight in `scope` at or above `minSimilarity`. */
  nearest(scope: string, vector: Float32Array, minSimilarity: number): ParaphraseInFlight | undefined {
    let best: ParaphraseInFlight | undefined;
    const unit = normalizeInPlace(Float32Array.from(vector));
    for (const question of this.byScope.get(scope) ?? []) {
      const similarity = cosineOfUnitVectors(unit, question.vector);
      if (similarity >= minSimilarity && similarity > (best?.similarity ?? -Infinity))
        best = { key: question.key, similarity, answer: question.answer };
    }
    return best;
  }
}
