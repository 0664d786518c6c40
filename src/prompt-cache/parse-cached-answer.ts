import { CachedAnswer } from '../common/cached-answer';

/**
 * Reads a stored value. Values that are not our JSON (the original Python demo stored the bare
 * answer string under the same key names) are served as the answer itself rather than dropped.
 */
export function parseCachedAnswer(raw: string, fallback: Omit<CachedAnswer, 'answer'>): CachedAnswer {
  try {
    const parsed = JSON.parse(raw) as Partial<CachedAnswer> | null;
    if (parsed && typeof parsed === 'object' && typeof parsed.answer === 'string') {
      return { ...fallback, ...parsed, answer: parsed.answer };
    }
  } catch {
    // not JSON: a bare answer
  }
  return { ...fallback, answer: raw };
}
