import { addFeature, Features } from './features';

/** A word of a question in order, with its weight and whether it carries content. */
export interface SequencedWord {
  word: string;
  weight: number;
  content: boolean;
}

/**
 * Words whose two neighbours play different roles: the source and the target of a conversion or a
 * trip (celsius to fahrenheit, 100 usd in eur, 北京到上海, 米等于多少英尺), the two sides of a
 * comparison (python faster than java, 苹果比香蕉贵). A bag of words sees them either way round.
 */
const DIRECTION_WORDS = new Set([
  'to',
  'into',
  'in',
  'than',
  '到',
  '至',
  '比',
  '转',
  '换',
  '等于',
  '换算',
  '折合',
  '兑换',
  '兑',
]);

/**
 * Adds an ordered-pair feature for each direction word between two content words, weighing the
 * mean of their weights: "convert usd to eur" and "convert eur to usd" then differ.
 */
export function addDirections(features: Features, words: SequencedWord[], weight: number): void {
  words.forEach(({ word }, i) => {
    if (!DIRECTION_WORDS.has(word)) return;
    const before = words[i - 1];
    const after = words[i + 1];
    if (!before?.content || !after?.content) return;
    addFeature(features, `d:${before.word}>${after.word}`, (weight * (before.weight + after.weight)) / 2);
  });
}
