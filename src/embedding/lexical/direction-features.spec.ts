import { addDirections, SequencedWord } from './direction-features';
import { Features } from './features';

const FUNCTION_WORDS = new Set(['how', 'to', 'is', 'i']);

function directions(words: string[]): Features {
  const sequence: SequencedWord[] = words.map((word) => ({ word, weight: 1, content: !FUNCTION_WORDS.has(word) }));
  const features: Features = new Map();
  addDirections(features, sequence, 1);
  return features;
}

describe('addDirections', () => {
  it('adds the two content words around a direction word as an ordered pair', () => {
    expect([...directions(['convert', 'usd', 'to', 'eur']).keys()]).toEqual(['d:usd>eur']);
    expect([...directions(['convert', 'eur', 'to', 'usd']).keys()]).toEqual(['d:eur>usd']);
  });

  it('reads comparisons and Chinese direction words the same way', () => {
    expect([...directions(['python', 'faster', 'than', 'java']).keys()]).toEqual(['d:faster>java']);
    expect([...directions(['北京', '到', '上海', '高铁']).keys()]).toEqual(['d:北京>上海']);
  });

  it('adds nothing when a neighbour is a function word or missing', () => {
    expect(directions(['how', 'to', 'learn', 'python']).size).toBe(0);
    expect(directions(['convert', 'to']).size).toBe(0);
  });

  it('weighs a pair as the mean of its two words', () => {
    const sequence: SequencedWord[] = [
      { word: 'celsius', weight: 1, content: true },
      { word: 'to', weight: 0, content: false },
      { word: 'fahrenheit', weight: 0.5, content: true },
    ];
    const features: Features = new Map();

    addDirections(features, sequence, 2);

    expect(features.get('d:celsius>fahrenheit')).toBeCloseTo(1.5);
  });
});
