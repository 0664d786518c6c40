import { disagreement } from './guard-rules';
import { readQuestion } from './question-text';

const rule = (a: string, b: string) => disagreement(readQuestion(a), readQuestion(b));

describe('disagreement', () => {
  it.each([
    ['what is 2+2', 'what is 2+3', 'number'],
    ['What was the population of Canada?', 'What was the population of Canada in 1900?', 'number'],
    ['iPhone 6 的電池多大', 'iPhone 7 的電池多大', 'number'],
    ['Is coffee bad for dogs?', 'Is coffee not bad for dogs?', 'negation'],
    ['手機可以充電嗎', '手機不能充電嗎', 'negation'],
    ['How many km is a marathon?', 'How many miles is a marathon?', 'unit'],
    ['Is the store open on Sunday?', 'Is the store open on Monday?', 'date'],
    ['今天天氣如何', '明天天氣如何', 'date'],
    ['How do I sort a list in Python?', 'How do I sort a list in Java?', 'entity'],
    ['台北的人口是多少？', '台中的人口是多少？', 'entity'],
    ['What does "carpe diem" mean?', 'What does "memento mori" mean?', 'quoted'],
    ['How do I convert Celsius to Fahrenheit?', 'How do I convert Fahrenheit to Celsius?', 'direction'],
    ['Who invented the telephone?', 'Where was the telephone invented?', 'interrogative'],
    ['這款手機怎麼樣', '這款手機怎麼用', 'interrogative'],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(rule(a, b)).toBe(expected);
    expect(rule(b, a)).toBe(expected);
  });

  it.each([
    ['What is caching?', 'Please explain what caching is'],
    ['How do I reset my password?', 'How can I reset my password?'],
    ['什麼是快取？', '请解释缓存是什么'],
    ['台北今天的天氣如何？', '今天台北天气怎么样？'],
    ['能不能退票？', '可以退票嗎？'],
    ['What is the capital of Australia?', "What's Australia's capital city?"],
    ['Ｅｘｃｅｌ 怎麼合併儲存格？２個', 'Excel 怎么合并储存格?2个'],
  ])('finds nothing between paraphrases: %s / %s', (a, b) => {
    expect(rule(a, b)).toBeUndefined();
  });
});
