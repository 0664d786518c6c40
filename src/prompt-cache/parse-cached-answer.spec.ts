import { CachedAnswer } from '../common/cached-answer';
import { parseCachedAnswer } from './parse-cached-answer';

const fallback: Omit<CachedAnswer, 'answer'> = {
  question: 'What is caching?',
  model: 'gpt-4o-mini',
  createdAt: 0,
  tokens: 0,
};

describe('parseCachedAnswer', () => {
  it('reads an entry stored as our JSON', () => {
    // Arrange
    const stored: CachedAnswer = {
      answer: 'Keeping results to reuse them.',
      question: 'what is caching',
      model: 'gpt-4o',
      createdAt: 1_700_000_000_000,
      tokens: 42,
    };

    // Act
    const parsed = parseCachedAnswer(JSON.stringify(stored), fallback);

    // Assert
    expect(parsed).toEqual(stored);
  });

  it('fills fields missing from the JSON from the fallback', () => {
    const parsed = parseCachedAnswer(JSON.stringify({ answer: 'Yes.', tokens: 3 }), fallback);

    expect(parsed).toEqual({ ...fallback, answer: 'Yes.', tokens: 3 });
  });

  it('serves a bare non-JSON string (a legacy value) as the answer', () => {
    const parsed = parseCachedAnswer('Caching keeps results around.', fallback);

    expect(parsed).toEqual({ ...fallback, answer: 'Caching keeps results around.' });
  });

  it.each([
    ['an object without answer', '{"result":"hi"}'],
    ['an object whose answer is not a string', '{"answer":42}'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON string', '"quoted"'],
    ['an array', '["a","b"]'],
  ])('treats %s as a bare answer string', (_what, raw) => {
    const parsed = parseCachedAnswer(raw, fallback);

    expect(parsed).toEqual({ ...fallback, answer: raw });
  });

  it('keeps an empty answer from our JSON rather than replacing it with the raw value', () => {
    const parsed = parseCachedAnswer(JSON.stringify({ answer: '' }), fallback);

    expect(parsed.answer).toBe('');
  });
});
