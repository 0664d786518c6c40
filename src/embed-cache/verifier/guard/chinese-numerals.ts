const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const MYRIADS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** A run of Chinese numeral characters (Simplified; fold Traditional first: 兩 → 两, 萬 → 万). */
export const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千万亿]+/u;

/**
 * The value of a Chinese numeral: positional (十五 = 15, 三百零二 = 302, 两万 = 20000) or read
 * digit by digit as years are (二〇一六 = 2016). undefined when `text` is not one.
 */
export function parseChineseNumeral(text: string): number | undefined {
  if (!text || !new RegExp(`^${CHINESE_NUMERAL.source}$`, 'u').test(text)) return undefined;
  const chars = [...text];
  if (chars.length > 1 && chars.every((c) => c in DIGITS)) return Number(chars.map((c) => DIGITS[c]).join(''));
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of chars) {
    if (c in DIGITS) {
      digit = DIGITS[c];
    } else if (c in UNITS) {
      section += (digit || 1) * UNITS[c];
      digit = 0;
    } else {
      // 亿 scales everything before it (一万亿); 万 only its own group (三亿五千万).
      total = c === '亿' ? (total + section + digit) * MYRIADS[c] : total + (section + digit) * MYRIADS[c];
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}
