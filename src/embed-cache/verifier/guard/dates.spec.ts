import { datesOf } from './dates';
import { readQuestion } from './question-text';

const dates = (question: string) => [...datesOf(readQuestion(question))].sort();

describe('datesOf', () => {
  it('reads months in English and Chinese as one key', () => {
    expect(dates('Is it cold in March?')).toEqual(['month:3']);
    expect(dates('三月冷嗎？')).toEqual(['month:3']);
    expect(dates('11月冷嗎？')).toEqual(['month:11']);
  });

  it('does not take a duration or the moon for a month', () => {
    expect(dates('三個月能學會嗎')).toEqual([]);
    expect(dates('月亮有多遠')).toEqual([]);
  });

  it('reads "May" as a month only inside a sentence', () => {
    expect(dates('May I ask a question?')).toEqual([]);
    expect(dates('Is it warm in May?')).toEqual(['month:5']);
  });

  it('reads weekdays in both languages, 週 and 周 alike', () => {
    expect(dates('Is the store open on Sunday?')).toEqual(['weekday:7']);
    expect(dates('星期日有開嗎')).toEqual(['weekday:7']);
    expect(dates('週一有開嗎')).toEqual(dates('周一有开吗'));
  });

  it('reads days and periods relative to now', () => {
    expect(dates('What is the weather tomorrow?')).toEqual(dates('明天天氣如何'));
    expect(dates('Any holidays next week?')).toEqual(['week+1']);
    expect(dates('今年有什麼新電影')).toEqual(['year+0']);
  });
});
