import { answerTypesOf, asksDifferently } from './interrogative';
import { readQuestion } from './question-text';

const differ = (a: string, b: string) => asksDifferently(readQuestion(a), readQuestion(b));
const types = (question: string) => [...answerTypesOf(readQuestion(question))].sort();

describe('asksDifferently', () => {
  it.each([
    ['What is the best way to learn Python?', 'How do I learn Python?'],
    ['Why is the sky blue?', 'What is the reason the sky is blue?'],
    ['What causes rain?', 'Why does it rain?'],
    ['How long does it take to boil an egg?', 'How much time does it take to boil an egg?'],
    ['How much does an iPhone cost?', 'What is the price of an iPhone?'],
    ['Can I learn Python in a month?', 'How can I learn Python in a month?'],
    ['When I run, why does my knee hurt?', 'Why does my knee hurt when I run?'],
    ['怎么样才能戒烟', '怎么才能戒烟'],
    ['天为什么是蓝的', '为什么天是蓝的'],
    ['什么时候放假', '何时放假'],
    ['在哪里买票', '哪里可以买票'],
    ['谁知道这是什么歌', '这是什么歌'],
    ['怎麼樣才能戒菸', '怎麼才能戒菸'],
    ['為什麼天是藍的', '天為何是藍的'],
    ['哪裡可以買票', '在哪兒買票'],
  ])('accepts the paraphrases %s / %s', (a, b) => {
    expect(differ(a, b)).toBe(false);
  });

  it.each([
    ['Who invented the telephone?', 'Where was the telephone invented?'],
    ['When was the wheel invented?', 'Where was the wheel invented?'],
    ['Why does Apple review apps?', 'How does Apple review apps?'],
    ['How many people live in Tokyo?', 'Why do people live in Tokyo?'],
    ['海尔洗衣机怎么样', '海尔洗衣机怎么用'],
    ['他什么时候来', '他为什么来'],
    ['这个多少钱', '这个在哪里买'],
    ['這款手機怎麼樣', '這款手機怎麼用'],
    ['誰發明了電話', '電話在哪裡發明的'],
  ])('rejects the look-alikes %s / %s', (a, b) => {
    expect(differ(a, b)).toBe(true);
  });

  it('leaves a yes-no question, a statement and a bare what to the other checks', () => {
    // Arrange
    const pairs = [
      ['Will it rain tomorrow?', 'When will it rain?'],
      ['这是真的吗', '为什么是真的'],
      ['What is Python?', 'Who created Python?'],
    ];

    // Act
    const results = pairs.map(([a, b]) => differ(a, b));

    // Assert
    expect(results).toEqual([false, false, false]);
  });
});

describe('answerTypesOf', () => {
  it('reads the measure, time and reason asked by how-phrases', () => {
    expect(types('How far is the moon?')).toEqual(['quantity']);
    expect(types('How soon can I apply?')).toEqual(['time']);
    expect(types('How come it rains?')).toEqual(['reason']);
  });

  it('reads 怎么 before an adverb of surprise as why', () => {
    expect(types('手机怎么没声音了')).toEqual(['reason']);
  });

  it('reads 几 with a time word as a time and with other measures as a quantity', () => {
    expect(types('几点开门')).toEqual(['time']);
    expect(types('几个人')).toEqual(['quantity']);
  });
});
