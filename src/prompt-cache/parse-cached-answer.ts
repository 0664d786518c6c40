import { CachedAnswer } from '../common/cached-answer';

/**
 * Reads a stored value. Values that are not our JSON (the original Python demo stored the bare
 * answer string under the same key names) are served as the answer itself rather than dropped.
 */
export function parseCachedAnswer(raw: string, fallback: Omit<CachedAnswer, 'answer'>): CachedAnswer {
  try {
    const parsed = JSON.parse(raw) as Partial<CachedAnswer> | null;
    if (parsed && typeof parsed === 'object' && typeof parsed.answer === 'string') {
      // A fresh object from JSON.parse: filled in place rather than copied (this runs on every hit).
      parsed.question ??= fallback.question;
      parsed.model ??= fallback.model;
      parsed.createdAt ??= fallback.createdAt;
      parsed.tokens ??= fallback.tokens;
      return parsed as CachedAnswer;
    }
  } catch {
    // not JSON: a bare answer
  }
  return { ...fallback, answer: raw };
}
