import { cosineOfUnitVectors } from '../../vector-index/vector-math';
import { LexicalEmbedder } from './lexical-embedder';

describe(LexicalEmbedder.name, () => {
  let sut: LexicalEmbedder;

  beforeAll(() => {
    sut = new LexicalEmbedder();
  });

  const similarity = async (a: string, b: string) => cosineOfUnitVectors(await sut.embed(a), await sut.embed(b));

  it('returns a unit vector of LexicalEmbedder.DIMENSION entries', async () => {
    // Act
    const vector = await sut.embed('What is caching?');

    // Assert
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(LexicalEmbedder.DIMENSION);
    expect(cosineOfUnitVectors(vector, vector)).toBeCloseTo(1, 5);
  });

  it('names its vector space with its dimension', () => {
    expect(sut.id).toContain(String(LexicalEmbedder.DIMENSION));
  });

  it('embeds identical texts identically', async () => {
    expect(await similarity('How do I reset my password?', 'How do I reset my password?')).toBeCloseTo(1, 5);
  });

  it('matches a Chinese rewording that shares the topic word', async () => {
    expect(await similarity('什麼是快取？', '請解釋快取是什麼')).toBeGreaterThanOrEqual(sut.defaultThreshold);
  });

  it('does not match a Chinese question about another topic', async () => {
    expect(await similarity('什麼是快取？', '今天天氣如何？')).toBeLessThan(sut.defaultThreshold);
  });

  it('embeds Traditional 軟體 and Simplified 软件 texts close together', async () => {
    expect(await similarity('什麼是軟體？', '什么是软件？')).toBeGreaterThanOrEqual(sut.defaultThreshold);
  });

  it('keeps mainland terms that Taiwan usage would map onto each other apart (program, process)', async () => {
    expect(await similarity('什么是程序', '什么是进程')).toBeLessThan(sut.defaultThreshold);
  });

  it.each([
    ['Is 5 greater than 3?', 'Is 3 greater than 5?'],
    ['Is 3.5 bigger than 3.11?', 'Is 3.11 bigger than 3.5?'],
    ['What does -1 mean?', 'What does 1 mean?'],
    ['What is x + y?', 'What is x - y?'],
    ['What is 2^10?', 'What is 2*10?'],
    ['1+1等于几', '1-1等于几'],
    ['How to convert Celsius to Fahrenheit', 'How to convert Fahrenheit to Celsius'],
    ['Translate this from English to French', 'Translate this from French to English'],
    ['Is python faster than java?', 'Is java faster than python?'],
    ['北京到上海的高铁', '上海到北京的高铁'],
    ['What is 100 USD in EUR?', 'What is 100 EUR in USD?'],
    ['100米等于多少英尺', '100英尺等于多少米'],
  ])(
    'does not match %s and %s, whose words are the same but whose numbers, symbols or directions are not',
    async (a, b) => {
      expect(await similarity(a, b)).toBeLessThan(sut.defaultThreshold);
    },
  );

  it('does not match English questions that differ in their object', async () => {
    expect(await similarity('How do I cancel my subscription?', 'How do I cancel my order?')).toBeLessThan(
      sut.defaultThreshold,
    );
  });

  it('ignores case and trailing punctuation in English', async () => {
    expect(await similarity('What is caching?', 'what is caching')).toBeGreaterThanOrEqual(sut.defaultThreshold);
  });

  it('has a default threshold between 0 and 1', () => {
    expect(sut.defaultThreshold).toBeGreaterThan(0);
    expect(sut.defaultThreshold).toBeLessThanOrEqual(1);
  });
});
