import { BackgroundIdf } from './background-idf';

describe(BackgroundIdf.name, () => {
  let sut: BackgroundIdf;

  beforeAll(() => {
    sut = BackgroundIdf.shared();
  });

  it('weighs a rare English word more than a common one', () => {
    expect(sut.weight('visa')).toBeGreaterThan(sut.weight('get'));
  });

  it('weighs a rare Chinese word more than a common one', () => {
    expect(sut.weight('签证')).toBeGreaterThan(sut.weight('办理'));
  });

  it('weighs an unseen word at least as much as any listed one', () => {
    expect(sut.weight('zzxqvw')).toBeGreaterThanOrEqual(sut.weight('visa'));
    expect(sut.weight('龘靐齉')).toBeGreaterThanOrEqual(sut.weight('签证'));
  });

  it('gives numbers a middling weight', () => {
    expect(sut.weight('2024')).toBeGreaterThan(sut.weight('the'));
    expect(sut.weight('2024')).toBeLessThan(sut.weight('zzxqvw'));
  });

  it('returns weights between 0.05 and about 1.2', () => {
    for (const word of ['you', 'the', 'cache', '的', '缓存', 'zzxqvw', '7']) {
      expect(sut.weight(word)).toBeGreaterThanOrEqual(0.05);
      expect(sut.weight(word)).toBeLessThan(1.2);
    }
  });
});
