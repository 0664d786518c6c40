import { addFeature, Features } from './features';

/**
 * A number as written: sign, decimal part and percent kept, because jieba cuts 3.5 into 3 . 5 and
 * drops the sign of -1, which would make 3.5 / 3.11 / 35 and -1 / 1 one question.
 */
const NUMBER = /(?<![\p{L}\p{N}.])[-−]?\p{Nd}+(?:[.,]\p{Nd}+)*%?/gu;
/**
 * Symbols that change what is asked (x + y / x - y, C / C#, 2^10 / 2*10, A / A+). Sentence
 * punctuation is not among them, nor a hyphen inside a word (well-known).
 */
const SYMBOL = /[+*/^=<>%#&|~$€£¥@]|(?<!\p{L})[-−]|[-−](?!\p{L})/gu;
/** Numbers whose position is a feature too: "is 5 greater than 3" and "is 3 greater than 5" differ. */
const ORDERED_NUMBERS = 4;

/**
 * Adds the literal numbers of `text` (each, and the first few with their position) and its
 * meaningful symbols to `features`, weighing `weight` each. The bag of words loses both.
 */
export function addLiterals(features: Features, text: string, weight: number): void {
  const numbers = text.match(NUMBER) ?? [];
  numbers.forEach((number, position) => {
    addFeature(features, `n:${number}`, weight);
    if (position < ORDERED_NUMBERS) addFeature(features, `o:${position}:${number}`, weight);
  });
  for (const symbol of text.match(SYMBOL) ?? []) addFeature(features, `s:${symbol}`, weight);
}
