import { cacheHeaders } from './cache-headers';
import { CachedAnswer } from './cached-answer';

const answerTo = (question: string): CachedAnswer => ({
  answer: 'a',
  question,
  model: 'm',
  createdAt: Date.now(),
  tokens: 1,
});

describe('cacheHeaders', () => {
  it('names only the status and key of an answer that is not a hit', () => {
    expect(cacheHeaders('MISS', 'k')).toEqual({ 'x-cache': 'MISS', 'x-cache-key': 'k' });
  });

  it('percent-encodes the matched question of a semantic hit, so any text fits in a header', () => {
    const headers = cacheHeaders('SEMANTIC_HIT', 'k', { answer: answerTo('où?\n\u0000'), similarity: 0.95 });

    expect(headers['x-cache-matched-question']).toBe('o%C3%B9%3F%0A%00');
    expect(headers['x-cache-similarity']).toBe('0.9500');
  });

  it('encodes a lone surrogate in the matched question as U+FFFD instead of throwing', () => {
    const headers = cacheHeaders('SEMANTIC_HIT', 'k', { answer: answerTo('\ud800 a \udfff'), similarity: 1 });

    expect(decodeURIComponent(headers['x-cache-matched-question'])).toBe('\ufffd a \ufffd');
  });

  it('keeps a well-formed surrogate pair (an emoji) as it is', () => {
    const headers = cacheHeaders('SEMANTIC_HIT', 'k', { answer: answerTo('🙂'), similarity: 1 });

    expect(decodeURIComponent(headers['x-cache-matched-question'])).toBe('🙂');
  });
});
