import { readQuestion } from './question-text';
import { unitSequence, unitsOf } from './units';

/** The units of a question by dimension, each list sorted. */
const units = (question: string) =>
  Object.fromEntries([...unitsOf(readQuestion(question))].map(([dimension, names]) => [dimension, [...names].sort()]));

describe('unitsOf', () => {
  it('groups units by dimension, singular and plural alike', () => {
    expect(units('How many miles is 5 km?')).toEqual({ length: ['km', 'mile'] });
    expect(units('5 kilometers')).toEqual(units('5 km'));
  });

  it('reads currencies by name, code, symbol and Chinese name', () => {
    expect(units('新台幣兌美元')).toEqual({ currency: ['twd', 'usd'] });
    expect(units('Convert $5 to euros')).toEqual({ currency: ['eur', 'usd'] });
  });

  it('counts a Chinese one-character unit only as a measure word', () => {
    expect(units('一百米有多長')).toEqual({ length: ['meter'] });
    expect(units('大米怎麼煮')).toEqual({});
  });

  it('reads temperature scales, ℃ included', () => {
    expect(units('30℃ is how many °F?')).toEqual({ temperature: ['celsius', 'fahrenheit'] });
  });
});

describe('unitSequence', () => {
  it('lists units in the order they are named', () => {
    expect(unitSequence(readQuestion('美元兌日圓'))).toEqual(['usd', 'jpy']);
  });
});
