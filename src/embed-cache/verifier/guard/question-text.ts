import { ChineseText } from '../../../embedding/lexical/chinese-text';

/** A word of the question: Latin-script words from a regex, Chinese words from jieba with their tag. */
export interface Word {
  /** As written (case kept), after NFKC and Traditional → Simplified folding. */
  text: string;
  lower: string;
  /** jieba's part of speech for Chinese words (`ns`, `nr`, `m`...); `latin` for the rest. */
  tag: string;
  /** True for the first word of a sentence, whose capital letter says nothing. */
  initial: boolean;
  /** Offset in {@link QuestionText.text}. */
  index: number;
}

/** One question as the guard's checks read it. */
export interface QuestionText {
  /** NFKC (full-width digits and letters folded), Traditional Chinese folded to Simplified, case kept. */
  text: string;
  /** `text` lower-cased, for containment checks. */
  lower: string;
  words: Word[];
}

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const SENTENCE_END = /[.!?。！？:;]\s*$/u;

/** Reads a question once for every check: folds its forms and splits it into words. */
export function readQuestion(question: string): QuestionText {
  const chinese = ChineseText.shared();
  const text = chinese.simplify(question.normalize('NFKC'));
  const words: Word[] = [];
  let cursor = 0;
  for (const run of text.matchAll(HAN_RUN)) {
    latinWords(text, cursor, run.index, words);
    let index = run.index;
    for (const { word, tag } of chinese.tagged(run[0])) {
      words.push({ text: word, lower: word, tag, initial: false, index });
      index += word.length;
    }
    cursor = run.index + run[0].length;
  }
  latinWords(text, cursor, text.length, words);
  return { text, lower: text.toLowerCase(), words };
}

function latinWords(text: string, from: number, to: number, into: Word[]): void {
  const part = text.slice(from, to);
  for (const match of part.matchAll(LATIN_WORD)) {
    const before = text.slice(0, from + match.index);
    const initial = into.length === 0 || SENTENCE_END.test(before);
    into.push({ text: match[0], lower: match[0].toLowerCase(), tag: 'latin', initial, index: from + match.index });
  }
}
