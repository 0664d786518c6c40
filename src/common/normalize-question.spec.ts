import { normalizeQuestion } from './normalize-question';

describe('normalizeQuestion', () => {
  it('treats a full-width question mark like a half-width one', () => {
    // Arrange
    const fullWidth = '什麼是快取？';
    const halfWidth = '什麼是快取?';

    // Act
    const normalized = normalizeQuestion(fullWidth);

    // Assert
    expect(normalized).toBe(halfWidth);
    expect(normalizeQuestion(halfWidth)).toBe(normalized);
  });

  it('folds full-width letters and digits to ASCII', () => {
    expect(normalizeQuestion('ＡＰＩ ｖ２')).toBe('API v2');
  });

  it('keeps a superscript an exponent, so 10⁶ and 106 stay different questions', () => {
    expect(normalizeQuestion('What is 10⁶?')).toBe('What is 10^6?');
    expect(normalizeQuestion('What is 10⁶?')).not.toBe(normalizeQuestion('What is 106?'));
    expect(normalizeQuestion('Derive x²')).toBe(normalizeQuestion('Derive x^2'));
    expect(normalizeQuestion('What is x⁻¹?')).toBe('What is x^−1?');
  });

  it('folds subscripts to plain digits, as chemistry is typed', () => {
    expect(normalizeQuestion('What is H₂O?')).toBe('What is H2O?');
  });

  it('trims surrounding whitespace and collapses inner runs, newlines and tabs included', () => {
    expect(normalizeQuestion('  What \t is\n\n  caching?\r\n ')).toBe('What is caching?');
  });

  it('collapses an ideographic space like any other whitespace', () => {
    expect(normalizeQuestion('快取\u3000\u3000是什麼')).toBe('快取 是什麼');
  });

  it('keeps case, so differently cased questions stay distinct', () => {
    // Act
    const upper = normalizeQuestion('Is the US big?');
    const lower = normalizeQuestion('Is the us big?');

    // Assert
    expect(upper).toBe('Is the US big?');
    expect(upper).not.toBe(lower);
  });

  it('leaves an already normalised question unchanged', () => {
    expect(normalizeQuestion('How do I cancel my order?')).toBe('How do I cancel my order?');
  });
});
