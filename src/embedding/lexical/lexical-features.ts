import { BackgroundIdf } from './background-idf';
import { ChineseText } from './chinese-text';
import { addDirections, SequencedWord } from './direction-features';
import { addFeature, Features } from './features';
import { addLiterals } from './literal-features';

const HAN = /\p{Script=Han}/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Words that carry the form of a question rather than its topic. They still count (so "what is X"
 * and "how is X" differ a little) but weigh little, so two questions about different topics
 * cannot look alike merely by both starting "what is".
 */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'were',
  'be',
  'do',
  'does',
  'did',
  'what',
  'whats',
  'how',
  'why',
  'which',
  'who',
  'when',
  'where',
  'can',
  'could',
  'should',
  'would',
  'i',
  'you',
  'me',
  'my',
  'your',
  'it',
  'to',
  'of',
  'in',
  'on',
  'for',
  'and',
  'or',
  'with',
  'about',
  'please',
  'explain',
  'tell',
  '的',
  '了',
  '是',
  '吗',
  '呢',
  '吧',
  '啊',
  '什么',
  '怎么',
  '怎么样',
  '如何',
  '为什么',
  '哪',
  '哪个',
  '哪些',
  '请',
  '解释',
  '一下',
  '我',
  '你',
  '他',
  '她',
  '它',
  '这',
  '那',
  '这个',
  '那个',
  '有',
  '在',
  '和',
  '与',
  '么',
  '呀',
]);

/**
 * Base weights, each multiplied by the background IDF weight of its word (function words excepted).
 * Han bigrams weigh less than characters times two: LCQMC-style look-alikes share most bigrams.
 */
const WEIGHT = {
  word: 1,
  functionWord: 0.15,
  hanChar: 0.35,
  hanBigram: 0.2,
  latinTrigram: 0.5,
  literal: 1,
  direction: 1,
};
/** Numbers and symbols weigh as a number word does. */
const LITERAL_WORD = '0';

/** A Han character and the IDF weight of the word it came from. */
type HanChar = { char: string; weight: number };

/** Character features of a run of Han characters: unigrams and bigrams survive segmentation errors. */
function addHanRun(features: Features, run: HanChar[]): void {
  run.forEach(({ char, weight }, i) => {
    addFeature(features, `c:${char}`, WEIGHT.hanChar * weight);
    const next = run[i + 1];
    if (next) addFeature(features, `b:${char}${next.char}`, (WEIGHT.hanBigram * (weight + next.weight)) / 2);
  });
}

/** Character trigrams of a Latin word with boundary marks, so "cache" and "caching" overlap. */
function addTrigrams(features: Features, word: string, weight: number): void {
  const padded = `^${word}$`;
  for (let i = 0; i + 3 <= padded.length; i++)
    addFeature(features, `t:${padded.slice(i, i + 3)}`, WEIGHT.latinTrigram * weight);
}

/** Sublinear term frequency: a word said three times is not three times the topic. */
function dampRepeats(features: Features): Features {
  for (const [key, weight] of features) if (weight > 1) features.set(key, 1 + Math.log(weight));
  return features;
}

/**
 * The weighted features of a question: case-folded, Traditional folded to Simplified, words from
 * jieba (which also splits Latin words), Latin character trigrams, and Han character uni/bigrams
 * over runs of content words only, so a bigram never straddles a function word ("是快" in 是快取).
 * Content features are weighted by the IDF of their word in a background corpus (BackgroundIdf).
 * Numbers as written, their order and meaningful symbols are features too (addLiterals), and so
 * is which word stands on which side of a direction word (addDirections).
 */
export function lexicalFeatures(text: string): Features {
  const chinese = ChineseText.shared();
  const idf = BackgroundIdf.shared();
  const folded = chinese.simplify(text.normalize('NFKC').toLowerCase());
  const features: Features = new Map();
  let hanRun: HanChar[] = [];
  const sequence: SequencedWord[] = [];
  for (const word of chinese.words(folded)) {
    const isFunctionWord = FUNCTION_WORDS.has(word);
    const isWordlike = WORDLIKE.test(word);
    const weight = isWordlike && !isFunctionWord ? idf.weight(word) : 0;
    if (HAN.test(word) && !isFunctionWord) {
      for (const char of word) hanRun.push({ char, weight });
    } else if (hanRun.length > 0) {
      addHanRun(features, hanRun);
      hanRun = [];
    }
    if (!isWordlike) continue;
    sequence.push({ word, weight, content: !isFunctionWord });
    addFeature(features, `w:${word}`, isFunctionWord ? WEIGHT.functionWord : WEIGHT.word * weight);
    if (!HAN.test(word) && !isFunctionWord) addTrigrams(features, word, weight);
  }
  if (hanRun.length > 0) addHanRun(features, hanRun);
  addLiterals(features, folded, WEIGHT.literal * idf.weight(LITERAL_WORD));
  addDirections(features, sequence, WEIGHT.direction);
  return dampRepeats(features);
}
