/**
 * The canonical form of a question for exact matching: Unicode NFKC (full-width "？" and
 * half-width "?" agree), surrounding whitespace trimmed and inner runs collapsed to one space.
 * Case is kept on purpose: "US" and "us" can ask different things.
 */
export function normalizeQuestion(question: string): string {
  return question.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}
