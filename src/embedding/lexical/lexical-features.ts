import { ChineseText } from './chinese-text';

/** A weighted sparse feature: the unit the lexical embedder hashes into its vector. */
export type Features = Map<string, number>;

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

const WEIGHT = { word: 1, functionWord: 0.15, hanChar: 0.35, hanBigram: 0.6, latinTrigram: 0.25 };

function add(features: Features, key: string, weight: number): void {
  features.set(key, (features.get(key) ?? 0) + weight);
}

/** Character features of a run of Han characters: unigrams and bigrams survive segmentation errors. */
function addHanRun(features: Features, run: string): void {
  const chars = [...run];
  chars.forEach((ch, i) => {
    add(features, `c:${ch}`, WEIGHT.hanChar);
    if (i + 1 < chars.length) add(features, `b:${ch}${chars[i + 1]}`, WEIGHT.hanBigram);
  });
}

/** Character trigrams of a Latin word with boundary marks, so "cache" and "caching" overlap. */
function addTrigrams(features: Features, word: string): void {
  const padded = `^${word}$`;
  for (let i = 0; i + 3 <= padded.length; i++) add(features, `t:${padded.slice(i, i + 3)}`, WEIGHT.latinTrigram);
}

/**
 * The weighted features of a question: case-folded, Traditional folded to Simplified, words from
 * jieba (which also splits Latin words), Latin character trigrams, and Han character uni/bigrams
 * over runs of content words only, so a bigram never straddles a function word ("是快" in 是快取).
 */
export function lexicalFeatures(text: string): Features {
  const chinese = ChineseText.shared();
  const folded = chinese.simplify(text.normalize('NFKC').toLowerCase());
  const features: Features = new Map();
  let hanRun = '';
  for (const word of chinese.words(folded)) {
    const isFunctionWord = FUNCTION_WORDS.has(word);
    if (HAN.test(word) && !isFunctionWord) {
      hanRun += word;
    } else if (hanRun) {
      addHanRun(features, hanRun);
      hanRun = '';
    }
    if (!WORDLIKE.test(word)) continue;
    add(features, `w:${word}`, isFunctionWord ? WEIGHT.functionWord : WEIGHT.word);
    if (!HAN.test(word) && !isFunctionWord) addTrigrams(features, word);
  }
  if (hanRun) addHanRun(features, hanRun);
  return features;
}
