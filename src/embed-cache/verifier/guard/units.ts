import { QuestionText, Word } from './question-text';

type Dimension = 'length' | 'mass' | 'volume' | 'temperature' | 'currency' | 'data' | 'time' | 'frequency' | 'power';

/** Unit names by dimension; the first name of each group is its canonical form. */
const UNITS: Record<Dimension, string[][]> = {
  length: [
    ['km', 'kilometer', 'kilometre', '公里', '千米'],
    ['mile', '英里'],
    ['meter', 'metre', '米'],
    ['cm', 'centimeter', 'centimetre', '厘米', '公分'],
    ['mm', 'millimeter', 'millimetre', '毫米'],
    ['inch', 'inches', '英寸'],
    ['foot', 'feet', 'ft', '英尺'],
    ['yard', 'yd'],
  ],
  mass: [
    ['kg', 'kilogram', 'kilo', '公斤', '千克'],
    ['gram', '克'],
    ['lb', 'lbs', 'pound', '磅'],
    ['ounce', 'oz', '盎司'],
    ['ton', 'tonne', '吨'],
    ['jin', '斤'],
  ],
  volume: [
    ['liter', 'litre', '升'],
    ['ml', 'milliliter', 'millilitre', '毫升'],
    ['gallon', '加仑'],
  ],
  temperature: [
    ['celsius', 'centigrade', '°c', '摄氏', '摄氏度'],
    ['fahrenheit', '°f', '华氏', '华氏度'],
    ['kelvin', '开尔文'],
  ],
  currency: [
    ['usd', 'dollar', '$', '美元', '美金'],
    ['eur', 'euro', '€', '欧元'],
    ['gbp', 'sterling', '£', '英镑'],
    ['jpy', 'yen', '日元', '日圆', '日币'],
    ['cny', 'yuan', 'rmb', 'renminbi', '人民币', '元', '块'],
    ['twd', 'ntd', '台币', '新台币'],
    ['hkd', '港币', '港元'],
    ['krw', 'won', '韩元', '韩币'],
    ['inr', 'rupee', '卢比'],
    ['rub', 'ruble', 'rouble', '卢布'],
    ['btc', 'bitcoin', '比特币'],
  ],
  data: [
    ['kb', 'kilobyte'],
    ['mb', 'megabyte'],
    ['gb', 'gigabyte'],
    ['tb', 'terabyte'],
  ],
  time: [['minute', '分钟'], ['hour', '小时', '钟头'], ['day', '天'], ['week', '周'], ['month'], ['year']],
  frequency: [['hz', '赫兹'], ['khz'], ['mhz'], ['ghz']],
  power: [['watt', '瓦'], ['kw', '千瓦'], ['kwh'], ['volt', '伏'], ['mah']],
};

const CANONICAL = new Map<string, [Dimension, string]>();
for (const [dimension, groups] of Object.entries(UNITS) as [Dimension, string[][]][])
  for (const names of groups) for (const name of names) CANONICAL.set(name, [dimension, names[0]]);

/** Symbols counted where they stand; `°c` survives NFKC of ℃. */
const SYMBOLS = /[$€£]|°[cf]/gu;
/** Chinese unit names of two or more characters, found anywhere (jieba may glue them to a neighbour: 美元兑). */
const CHINESE_NAMES = new RegExp(
  [...CANONICAL.keys()]
    .filter((name) => /^\p{Script=Han}{2,}$/u.test(name))
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);
/** A numeral (or 几, 多少) in front of a Chinese unit: 五公斤 → 公斤. */
const CHINESE_QUANTITY = /^(?:第)?(?:[零〇一二两三四五六七八九十百千万亿几]+|多少)个?/u;

interface Mention {
  dimension: Dimension;
  unit: string;
  index: number;
}

/**
 * The units a question names, by dimension (km and 公里 are one unit; km and mile are two of
 * `length`). Chinese one-character units (米, 克, 元, 天) count only as measure words, never inside
 * other words (大米, 克服).
 */
export function unitsOf(question: QuestionText): Map<Dimension, Set<string>> {
  const found = new Map<Dimension, Set<string>>();
  for (const { dimension, unit } of mentionsOf(question))
    found.set(dimension, (found.get(dimension) ?? new Set()).add(unit));
  return found;
}

/** The canonical units a question names, in order of appearance (for direction: km to mile). */
export function unitSequence(question: QuestionText): string[] {
  return mentionsOf(question).map((mention) => mention.unit);
}

function mentionsOf(question: QuestionText): Mention[] {
  const mentions: Mention[] = [];
  const add = (name: string | undefined, index: number) => {
    const unit = name === undefined ? undefined : CANONICAL.get(name);
    if (unit) mentions.push({ dimension: unit[0], unit: unit[1], index });
  };
  for (const word of question.words) add(wordUnit(word), word.index);
  for (const match of question.text.matchAll(CHINESE_NAMES)) add(match[0], match.index);
  for (const match of question.lower.matchAll(SYMBOLS)) add(match[0], match.index);
  return mentions.sort((a, b) => a.index - b.index);
}

/** A Latin unit word, or a one-character Chinese measure word (五块, 多少米); longer Chinese names are found in the text. */
function wordUnit(word: Word): string | undefined {
  if (word.tag === 'latin') return singular(word.lower);
  const measure = word.tag === 'm' || word.tag === 'mq' ? word.text.replace(CHINESE_QUANTITY, '') : word.text;
  const isMeasure = word.tag === 'm' || word.tag === 'mq' || word.tag === 'q';
  return isMeasure && [...measure].length === 1 ? measure : undefined;
}

function singular(word: string): string {
  if (CANONICAL.has(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}
