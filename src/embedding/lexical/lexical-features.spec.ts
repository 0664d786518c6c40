import { lexicalFeatures } from './lexical-features';

const keysOf = (text: string) => [...lexicalFeatures(text).keys()];

describe('lexicalFeatures', () => {
  it('folds case and full-width forms', () => {
    expect(lexicalFeatures('ＣＡＣＨＥ')).toEqual(lexicalFeatures('cache'));
    expect(lexicalFeatures('Cache')).toEqual(lexicalFeatures('cache'));
  });

  it('ignores punctuation', () => {
    expect(lexicalFeatures('cache?!')).toEqual(lexicalFeatures('cache'));
  });

  it('gives Traditional and Simplified Chinese the same features', () => {
    expect(lexicalFeatures('什麼是軟體？')).toEqual(lexicalFeatures('什么是软件？'));
  });

  it('weighs question words less than topic words', () => {
    // Act
    const features = lexicalFeatures('what is caching');

    // Assert
    expect(features.get('w:what')).toBeLessThan(features.get('w:caching')!);
    expect(features.get('w:is')).toBeLessThan(features.get('w:caching')!);
  });

  it('shares character trigrams between related Latin words', () => {
    // Act
    const cache = keysOf('cache').filter((k) => k.startsWith('t:'));
    const caching = new Set(keysOf('caching').filter((k) => k.startsWith('t:')));

    // Assert
    expect(cache.filter((k) => caching.has(k)).length).toBeGreaterThan(0);
  });

  it('adds Han character bigrams but none straddling a function word', () => {
    // Act: 是 is a function word between 快取 and 什麼
    const keys = keysOf('快取是什麼');
    const bigrams = keys.filter((k) => k.startsWith('b:'));

    // Assert
    expect(bigrams.length).toBeGreaterThan(0);
    expect(bigrams.some((k) => k.includes('是'))).toBe(false);
  });

  it('weighs a rare topic word more than a common one', () => {
    // Act
    const features = lexicalFeatures('get a visa');

    // Assert
    expect(features.get('w:visa')).toBeGreaterThan(features.get('w:get')!);
  });

  it('damps a repeated word sublinearly', () => {
    // Act
    const once = lexicalFeatures('visa').get('w:visa')!;
    const thrice = lexicalFeatures('visa visa visa').get('w:visa')!;

    // Assert
    expect(thrice).toBeGreaterThan(once);
    expect(thrice).toBeLessThan(3 * once);
  });

  it('returns no features for text without letters or digits', () => {
    expect(lexicalFeatures(' ？！… ').size).toBe(0);
  });
});
