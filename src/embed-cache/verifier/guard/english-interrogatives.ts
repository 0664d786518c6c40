import { AnswerType } from './answer-type';
import { Word } from './question-text';

const AUXILIARIES = new Set(
  'is are am was were do does did can could should would will shall may might must has have had isn’t'.split(' '),
);
const BE = new Set(['is', 'are', 'am', 'was', 'were']);
/** After `how`, a word that makes it ask for a measure ("how far"), a time ("how long") or a reason ("how come"). */
const AFTER_HOW: Record<string, AnswerType> = {
  many: 'quantity',
  much: 'quantity',
  often: 'quantity',
  far: 'quantity',
  old: 'quantity',
  big: 'quantity',
  tall: 'quantity',
  large: 'quantity',
  fast: 'quantity',
  expensive: 'quantity',
  long: 'time',
  soon: 'time',
  come: 'reason',
};
/** After `what` or `which` (a few words on), a noun that says what kind of answer is wanted. */
const ASKED_NOUN: Record<string, AnswerType> = {
  time: 'time',
  year: 'time',
  date: 'time',
  reason: 'reason',
  reasons: 'reason',
  cause: 'reason',
  causes: 'reason',
  caused: 'reason',
  purpose: 'reason',
  makes: 'reason',
  place: 'place',
  places: 'place',
  country: 'place',
  city: 'place',
  location: 'place',
  way: 'manner',
  ways: 'manner',
  steps: 'manner',
  price: 'quantity',
  cost: 'quantity',
  number: 'quantity',
  amount: 'quantity',
};
const NOUN_REACH = 4;
/** Words that introduce a clause, not a question: "when I run, ...". */
const SUBJECTS = new Set('i you we he she it they my your his her our their a an the someone people'.split(' '));

/** Adds to `into` the answer types English interrogatives in `words` ask for. */
export function englishAnswerTypes(words: Word[], into: Set<AnswerType>): void {
  words.forEach((word, i) => {
    const lower = word.lower.replace(/['’]s$/u, '');
    const type = answerTypeAt(lower, words[i + 1]?.lower, words, i);
    if (type) into.add(type);
  });
}

/** The kind of answer the word at `i` asks for; undefined for any other word, and for a bare what. */
function answerTypeAt(lower: string, next: string | undefined, words: Word[], i: number): AnswerType | undefined {
  switch (lower) {
    case 'who':
    case 'whom':
    case 'whose':
      return 'person';
    case 'where':
      return clauseOpener(words, i) ? undefined : 'place';
    case 'when':
      return clauseOpener(words, i) ? undefined : 'time';
    case 'why':
      return 'reason';
    case 'how':
      if (next === undefined) return undefined;
      if (next === 'much' && words[i + 2]?.lower === 'time') return 'time';
      if (next in AFTER_HOW) return AFTER_HOW[next];
      // "how is X" asks for a manner ("how is it made") or an evaluation ("how is life there").
      if (BE.has(next)) return undefined;
      return AUXILIARIES.has(next) || next === 'to' || SUBJECTS.has(next) ? 'manner' : undefined;
    case 'what':
    case 'which':
      return askedNoun(words, i);
    default:
      return undefined;
  }
}

function askedNoun(words: Word[], i: number): AnswerType | undefined {
  for (const word of words.slice(i + 1, i + 1 + NOUN_REACH))
    if (word.lower in ASKED_NOUN) return ASKED_NOUN[word.lower];
  return undefined;
}

/** `when` / `where` opening a sentence and followed by a subject, with another interrogative after: a subordinate clause. */
function clauseOpener(words: Word[], i: number): boolean {
  const next = words[i + 1]?.lower;
  if (!words[i].initial || next === undefined || !SUBJECTS.has(next)) return false;
  return words.slice(i + 2).some((w) => /^(what|which|who|why|how|where|when)$/u.test(w.lower));
}
