import { addLiterals } from './literal-features';
import { Features } from './features';

function literals(text: string): Features {
  const features: Features = new Map();
  addLiterals(features, text, 1);
  return features;
}

describe('addLiterals', () => {
  it('keeps numbers as written: decimals, sign and percent', () => {
    expect([...literals('is 3.5 bigger than -1 or 10%').keys()]).toEqual([
      'n:3.5',
      'o:0:3.5',
      'n:-1',
      'o:1:-1',
      'n:10%',
      'o:2:10%',
      's:-',
      's:%',
    ]);
  });

  it('gives the same numbers in another order other features', () => {
    const forward = literals('is 5 greater than 3');
    const backward = literals('is 3 greater than 5');

    expect(forward.get('o:0:5')).toBe(1);
    expect(backward.has('o:0:5')).toBe(false);
    expect(backward.get('o:0:3')).toBe(1);
  });

  it('keeps meaningful symbols but not sentence punctuation nor a hyphen inside a word', () => {
    expect([...literals('x + y, f#, a well-known 2^10?').keys()]).toEqual([
      'n:2',
      'o:0:2',
      'n:10',
      'o:1:10',
      's:+',
      's:#',
      's:^',
    ]);
  });

  it('numbers only the first four by position', () => {
    const features = literals('1 2 3 4 5');

    expect(features.has('o:3:4')).toBe(true);
    expect(features.has('o:4:5')).toBe(false);
    expect(features.get('n:5')).toBe(1);
  });

  it('adds nothing for a question without numbers or symbols', () => {
    expect(literals('what is a cache?').size).toBe(0);
  });
});
