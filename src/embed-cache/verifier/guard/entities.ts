import { QuestionText, Word } from './question-text';

/** jieba's tags of proper nouns: place (ns), organisation (nt), other (nz); its dictionary tags too many common words as person names (nr: 谢谢, 老公) to use those. */
const PROPER_NOUN_TAGS = new Set(['ns', 'nt', 'nz']);
/**
 * Capitalised by English spelling (I, OK) or in a title, not because they name something: "The
 * God of Small Things" names God, Small and Things.
 */
const NOT_NAMES = new Set(
  "i i'm i've i'd i'll ok a an the of and or but to in on at by for from with as is are was were be it its this that what how why who when where which do does did can will would should could my your".split(
    ' ',
  ),
);
const HAN = /\p{Script=Han}/u;
const QUOTED = /["“「『《〈`]([^"”」』》〉`]{1,80})["”」』》〉`]/gu;

/**
 * The names a question holds: capitalised words inside an English sentence (not its first word),
 * acronyms and mixed-case words (NASA, iPhone), Latin words inside Chinese text (Excel, win7), and
 * Chinese proper nouns as jieba tags them (台北, 周杰伦). Lower-cased, possessive 's dropped.
 */
export function entitiesOf(question: QuestionText): string[] {
  const chinese = HAN.test(question.text);
  const latin = question.words.filter((w) => w.tag === 'latin');
  const titleCase = latin.filter((w) => !w.initial && isCapitalised(w)).length > latin.length / 2 && latin.length > 3;
  const names = question.words.filter((word) => {
    if (word.tag !== 'latin') return PROPER_NOUN_TAGS.has(word.tag) && [...word.text].length > 1;
    if (NOT_NAMES.has(word.lower)) return false;
    if (chinese || /\p{Lu}.*\p{Lu}|\p{Ll}\p{Lu}/u.test(word.text)) return /\p{L}/u.test(word.text);
    return !word.initial && !titleCase && isCapitalised(word);
  });
  return names.map((word) => word.lower.replace(/['’]s$/u, ''));
}

/** Terms the question quotes: "...", “...”, 「...」, 『...』, 《...》 (titles), `code`. Lower-cased. */
export function quotedTermsOf(question: QuestionText): string[] {
  return [...question.text.matchAll(QUOTED)].map((match) => match[1].trim().toLowerCase()).filter(Boolean);
}

/**
 * Whether `term` occurs in the question, punctuation and spacing aside (三生三世,十里桃花 mentions
 * 三生三世十里桃花): Chinese terms anywhere, Latin ones as whole words (a plural -s or -es allowed).
 */
export function mentions(question: QuestionText, term: string): boolean {
  if (HAN.test(term)) return bare(question.lower).includes(bare(term));
  const wanted = spaced(term);
  if (!wanted.trim()) return true;
  const text = spaced(question.lower);
  return [wanted, `${wanted.trimEnd()}s `, `${wanted.trimEnd()}es `].some((form) => text.includes(form));
}

/** Letters and digits only, without the particle 的 (百日的蔷薇 names 百日蔷薇). */
function bare(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+|的/gu, '');
}

/** Latin words and Han runs, each between single spaces: ` what is python `. */
function spaced(text: string): string {
  const words = text
    .replace(/['’]s(?!\p{L})/gu, '')
    .match(/[\p{Script=Latin}\p{N}]+(?:['’]\p{Script=Latin}+)*|\p{Script=Han}+/gu);
  return ` ${(words ?? []).join(' ')} `;
}

function isCapitalised(word: Word): boolean {
  return /^\p{Lu}/u.test(word.text);
}
