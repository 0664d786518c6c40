import { parseChineseNumeral } from './chinese-numerals';
import { QuestionText } from './question-text';

const MONTHS = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const CHINESE_WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** Days, weeks, months and years relative to now, in both languages. */
const RELATIVE: Record<string, string> = {
  today: 'day+0',
  tonight: 'day+0',
  tomorrow: 'day+1',
  yesterday: 'day-1',
  weekend: 'weekend',
  今天: 'day+0',
  今日: 'day+0',
  今晚: 'day+0',
  明天: 'day+1',
  明日: 'day+1',
  明晚: 'day+1',
  昨天: 'day-1',
  昨日: 'day-1',
  昨晚: 'day-1',
  后天: 'day+2',
  前天: 'day-2',
  周末: 'weekend',
  今年: 'year+0',
  明年: 'year+1',
  去年: 'year-1',
  后年: 'year+2',
  前年: 'year-2',
  本周: 'week+0',
  这周: 'week+0',
  下周: 'week+1',
  上周: 'week-1',
  本月: 'month+0',
  这个月: 'month+0',
  下个月: 'month+1',
  上个月: 'month-1',
};
const SHIFT: Record<string, string> = { this: '+0', next: '+1', last: '-1', coming: '+1', previous: '-1' };
const PERIODS = new Set(['week', 'month', 'year', 'weekend']);

/** N月 (March), not N个月 (three months) nor 月饼 (mooncake), 月亮 (moon). */
const CHINESE_MONTH = /(?<![个几多])(十[一二]?|[一二三四五六七八九]|1[0-2]|0?[1-9])\s*月(?![饼亮光经球嫂子薪])/gu;
const CHINESE_WEEKDAY = /(?:星期|礼拜|周)([一二三四五六日天])/gu;

/**
 * The dates a question names, as canonical keys: months (`month:3` for March and 3月),
 * weekdays (`weekday:7` for Sunday, 星期日, 週日) and days, weeks, months or years relative to now
 * (`day+1` for tomorrow and 明天).
 */
export function datesOf(question: QuestionText): Set<string> {
  const dates = new Set<string>();
  const words = question.words;
  words.forEach((word, i) => {
    const month = MONTHS.findIndex((names) => names.includes(word.lower));
    // "may" is a month only as a capitalised word inside a sentence ("in May"), not "May I".
    if (month >= 0 && (word.lower !== 'may' || (word.text === 'May' && !word.initial))) dates.add(`month:${month + 1}`);
    const weekday = WEEKDAYS.indexOf(word.lower.replace(/s$/u, ''));
    if (weekday >= 0) dates.add(`weekday:${weekday + 1}`);
    if (word.lower in RELATIVE) dates.add(RELATIVE[word.lower]);
    const next = words[i + 1]?.lower.replace(/s$/u, '');
    if (word.lower in SHIFT && next !== undefined && PERIODS.has(next)) dates.add(`${next}${SHIFT[word.lower]}`);
  });
  for (const [, numeral] of question.text.matchAll(CHINESE_MONTH)) {
    const month = /\d/u.test(numeral) ? Number(numeral) : parseChineseNumeral(numeral);
    if (month !== undefined && month >= 1 && month <= 12) dates.add(`month:${month}`);
  }
  for (const [, day] of question.text.matchAll(CHINESE_WEEKDAY)) dates.add(`weekday:${CHINESE_WEEKDAYS[day]}`);
  return dates;
}
