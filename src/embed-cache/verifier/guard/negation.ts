import { QuestionText, Word } from './question-text';

/** English negators; contractions (can't, doesn't) are caught by their n't ending. */
const ENGLISH = new Set([
  'not',
  'no',
  'never',
  'cannot',
  'without',
  'none',
  'nothing',
  'nobody',
  'nowhere',
  'neither',
  'nor',
  'unable',
]);

/** Chinese words that negate only with 无, 非, 未 (most words holding those characters do not: 非常, 未来, 无论). */
const CHINESE = new Set([
  '无',
  '非',
  '未',
  '无法',
  '并非',
  '未能',
  '尚未',
  '从未',
  '未必',
  '无须',
  '无需',
  '勿',
  '莫',
  '甭',
  '别',
]);

/**
 * Words holding 不 or 没 that do not negate what is asked: conjunctions and adverbs (不过, 不管),
 * fixed phrases (差不多, 对不起), and 不得不 ("must", a double negation).
 */
const NOT_NEGATING = new Set([
  '不过',
  '不错',
  '不仅',
  '不但',
  '不管',
  '不论',
  '不断',
  '不少',
  '不如',
  '不然',
  '要不',
  '要不然',
  '不久',
  '不妨',
  '差不多',
  '了不起',
  '对不起',
  '不好意思',
  '不得不',
  '不由得',
  '忍不住',
  '不禁',
  '不知道',
  '不知',
  '不清楚',
]);

/** Verbs after which a negator frames the question ("I don't know how to", 不知道怎么) rather than negating it. */
const HEDGED = new Set(['know', 'sure', '知道', '清楚', '确定']);

/**
 * Whether the question is negated: an odd number of negators (not, never, n't; 不, 没, 未, 无法,
 * 别, and verb complements such as 打不开). The A-not-A question form (能不能, 好不好, 有没有) asks
 * yes or no and negates nothing.
 */
export function isNegated(question: QuestionText): boolean {
  let count = 0;
  const words = question.words;
  words.forEach((word, i) => {
    if (word.tag === 'latin' ? englishNegator(word, words[i + 1]) : chineseNegator(word, words[i - 1], words[i + 1]))
      count++;
  });
  return count % 2 === 1;
}

function englishNegator(word: Word, next: Word | undefined): boolean {
  if (next !== undefined && HEDGED.has(next.lower)) return false;
  return ENGLISH.has(word.lower) || /n['’]t$/u.test(word.lower);
}

function chineseNegator(word: Word, previous: Word | undefined, next: Word | undefined): boolean {
  const text = word.text;
  if (CHINESE.has(text)) return true;
  if (!/[不没]/u.test(text) || NOT_NEGATING.has(text)) return false;
  if (next !== undefined && HEDGED.has(next.text)) return false;
  // A closing 没 / 没有 asks a question (有好歌没?), as does the clipped A-not-A 有没.
  if ((text === '没' || text === '没有') && (next === undefined || next.tag === 'latin' || previous?.text === '有'))
    return false;
  return !isAnotA(text, previous);
}

/** 好不好, 可不可以, 有没有 in one word; or 能 / 不能 split over two words. */
function isAnotA(text: string, previous: Word | undefined): boolean {
  if (/^(.)[不没]\1/u.test(text)) return true;
  return /^[不没]/u.test(text) && previous !== undefined && previous.text === text.slice(1);
}
