import { reversed } from './direction';
import { entitiesOf } from './entities';
import { readQuestion } from './question-text';
import { unitSequence } from './units';

const flipped = (a: string, b: string) =>
  reversed(readQuestion(a), readQuestion(b), entitiesOf) || reversed(readQuestion(a), readQuestion(b), unitSequence);

describe('reversed', () => {
  it('finds the same two names in opposite order around a direction', () => {
    expect(flipped('How do I convert Celsius to Fahrenheit?', 'How do I convert Fahrenheit to Celsius?')).toBe(true);
    expect(flipped('深圳到上海要多久', '上海到深圳要多久')).toBe(true);
    expect(flipped('美元兌日圓的匯率', '日圓兌美元的匯率')).toBe(true);
  });

  it('keeps the same order, and an order without a direction', () => {
    expect(flipped('How to convert Celsius to Fahrenheit', 'Convert from Celsius to Fahrenheit')).toBe(false);
    expect(flipped('Is Java faster than Python?', 'Is Python slower than Java?')).toBe(false);
  });
});
