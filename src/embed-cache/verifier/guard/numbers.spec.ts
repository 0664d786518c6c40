import { numbersOf } from './numbers';
import { readQuestion } from './question-text';

const numbers = (question: string) => numbersOf(readQuestion(question));

describe('numbersOf', () => {
  it('reads Arabic digits with decimals and thousands separators', () => {
    expect(numbers('Is 1,000 more than 3.5?')).toEqual(['1000', '3.5']);
  });

  it('folds full-width digits', () => {
    expect(numbers('２０２４年')).toEqual(numbers('2024年'));
  });

  it('reads English number words, not a lone "one"', () => {
    expect(numbers('two hundred and five')).toEqual(['205']);
    expect(numbers('twenty-one or three')).toEqual(['21', '3']);
    expect(numbers('Which one is better?')).toEqual([]);
  });

  it('reads Chinese numerals with their measure words, and ordinals', () => {
    expect(numbers('兩個人去三天')).toEqual(['2', '3']);
    expect(numbers('第二次世界大戰的第三年')).toContain('3');
  });

  it('leaves out the article 一 and idioms made of numerals', () => {
    expect(numbers('我想買一個手機')).toEqual([]);
    expect(numbers('千萬不要這樣')).toEqual([]);
    expect(numbers('三星手機怎麼截圖')).toEqual([]);
  });

  it('gives Traditional and Simplified the same numbers', () => {
    expect(numbers('兩萬塊')).toEqual(numbers('两万块'));
  });
});
