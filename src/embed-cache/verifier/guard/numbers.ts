import { CHINESE_NUMERAL, parseChineseNumeral } from './chinese-numerals';
import { QuestionText, Word } from './question-text';

/** Digits with decimals and thousands separators: 3.5, 1,000 (a comma before exactly three digits). */
const ARABIC = /\d+(?:,\d{3})*(?:\.\d+)?/gu;

const SMALL: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  first: 1,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
/** "one" alone is mostly a pronoun ("which one"); it counts only inside a longer number ("one hundred"). */
const ONE = 'one';

/**
 * Chinese words of numeral class whose numerals are idiom, not quantity: 千万 ("by all means"),
 * 万一 ("in case"), 一一 ("one by one"), 万万 ("absolutely").
 */
const NUMERAL_IDIOMS = new Set(['千万', '万一', '一一', '万万']);

/**
 * The numbers a question mentions, as sorted canonical values (a multiset): Arabic digits
 * (full-width folded), English number words, Chinese numerals (十五, 两, 第三, 二〇一六). A lone
 * 一 / "one" / "a" is an article, not a count, and is left out.
 */
export function numbersOf(question: QuestionText): string[] {
  const values: number[] = [];
  for (const match of question.text.matchAll(ARABIC)) values.push(Number(match[0].replace(/,/gu, '')));
  values.push(...englishNumbers(question.words), ...chineseNumbers(question.words));
  return values.map(String).sort();
}

function englishNumbers(words: Word[]): number[] {
  const values: number[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1 || (run.length === 1 && run[0] !== ONE)) values.push(valueOf(run));
    run = [];
  };
  for (const word of words) {
    if (word.tag === 'latin' && (word.lower in SMALL || word.lower in SCALES || word.lower === ONE))
      run.push(word.lower);
    else if (!(word.lower === 'and' && run.at(-1)! in SCALES)) flush(); // two hundred and five
  }
  flush();
  return values;
}

function valueOf(run: string[]): number {
  let total = 0;
  let current = 0;
  for (const word of run) {
    if (word in SCALES && SCALES[word] === 100) current = (current || 1) * 100;
    else if (word in SCALES) {
      total += (current || 1) * SCALES[word];
      current = 0;
    } else current += word === ONE ? 1 : SMALL[word];
  }
  return total + current;
}

function chineseNumbers(words: Word[]): number[] {
  const values: number[] = [];
  for (const word of words) {
    if (word.tag !== 'm' && word.tag !== 'mq') continue;
    if (NUMERAL_IDIOMS.has(word.text)) continue;
    const match = word.text.match(new RegExp(`^(第?)(${CHINESE_NUMERAL.source})`, 'u'));
    if (!match || (match[2] === '一' && !match[1])) continue;
    const value = parseChineseNumeral(match[2]);
    if (value !== undefined) values.push(value);
  }
  return values;
}
