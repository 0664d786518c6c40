import { parseChineseNumeral } from './chinese-numerals';

describe('parseChineseNumeral', () => {
  it.each([
    ['三', 3],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['两百', 200],
    ['三百零二', 302],
    ['一千二百三十四', 1234],
    ['两万', 20_000],
    ['十万', 100_000],
    ['三亿五千万', 350_000_000],
    ['一万亿', 1e12],
    ['二〇一六', 2016],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it('is undefined for text that is not a numeral', () => {
    expect(parseChineseNumeral('三星')).toBeUndefined();
    expect(parseChineseNumeral('')).toBeUndefined();
  });
});
