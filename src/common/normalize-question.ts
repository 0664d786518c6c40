/**
 * Superscript digits and signs. NFKC turns them into plain ones, which would make 10⁶ the question
 * "106", x² "x2" and x⁻¹ "x−1": different questions, one cache key.
 */
const SUPERSCRIPTS = /[\u00B2\u00B3\u00B9\u2070\u2071\u2074-\u207F]+/gu;

/**
 * The canonical form of a question for exact matching: Unicode NFKC (full-width "？" and
 * half-width "?" agree), surrounding whitespace trimmed and inner runs collapsed to one space.
 * A run of superscripts becomes `^` and its plain form first (x² → x^2, as it is typed). Case is
 * kept on purpose: "US" and "us" can ask different things.
 */
export function normalizeQuestion(question: string): string {
  return question
    .replace(SUPERSCRIPTS, (run) => `^${run.normalize('NFKC')}`)
    .normalize('NFKC')
    .trim()
    .replace(/\s+/gu, ' ');
}
