import { idf as jiebaIdf } from '@node-rs/jieba/dict';
import { ENGLISH_IDF_TABLE } from './english-idf-table';

const HAN = /\p{Script=Han}/u;
const DIGITS = /^\p{N}+$/u;

/**
 * IDF of a word unseen in the background lists: rarer than every listed English word, and about
 * the median of jieba's list (most of whose entries are rare words).
 */
const UNSEEN_IDF = { english: 13, chinese: 12 };
/** A number names a specific thing (iPhone 6 vs 7) yet is common: a middling IDF. */
const NUMBER_IDF = 9.6;
/** Divides an IDF into a weight near 1 for a rare word, so weights stay comparable to the old fixed ones. */
const IDF_SCALE = 12;
const MIN_WEIGHT = 0.05;

/**
 * Word weights from background corpora that ship in packages, not from the cached questions: that
 * keeps every replica's vectors identical whatever it has cached. Chinese: jieba's own IDF list
 * (the data files of @node-rs/jieba: only its dictionary, not its native addon, which segmentation
 * replaced with jieba-wasm and which `npm ci --omit=optional` leaves out); English: a word-frequency list of film
 * subtitles (see english-idf-table.ts). A rare word ("visa", "签证") outweighs a common one
 * ("get", "办理"), so two questions sharing only common words look less alike.
 */
export class BackgroundIdf {
  private static instance?: BackgroundIdf;
  private readonly chinese = parseJiebaIdf(jiebaIdf);
  private readonly english = new Map(
    ENGLISH_IDF_TABLE.flatMap(([idf, words]) => words.split(' ').map((word) => [word, idf] as const)),
  );

  static shared(): BackgroundIdf {
    return (BackgroundIdf.instance ??= new BackgroundIdf());
  }

  /** The weight of a lower-cased, Simplified word: its IDF / 12, at least 0.05. */
  weight(word: string): number {
    return Math.max(this.idf(word) / IDF_SCALE, MIN_WEIGHT);
  }

  private idf(word: string): number {
    if (HAN.test(word)) return this.chinese.get(word) ?? UNSEEN_IDF.chinese;
    if (DIGITS.test(word)) return NUMBER_IDF;
    return this.english.get(word) ?? UNSEEN_IDF.english;
  }
}

/**
 * jieba's idf.txt: one `word idf` per line. Words rarer than UNSEEN_IDF.chinese (half of the list)
 * are left out: they would weigh about the same unseen, and the map is half the memory.
 */
function parseJiebaIdf(text: Uint8Array): Map<string, number> {
  const table = new Map<string, number>();
  for (const line of Buffer.from(text).toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    const idf = Number(line.slice(space + 1));
    if (space > 0 && idf < UNSEEN_IDF.chinese) table.set(line.slice(0, space), idf);
  }
  return table;
}
