import { parsePriceFile, PriceTable } from './price-table';
import builtIn from './prices.json';

describe(PriceTable.name, () => {
  const base = { models: { 'gpt-4o': { input: 2.5, output: 10 }, 'gpt-4o-mini': { input: 0.15, output: 0.6 } } };

  it('prices a dated model name at its longest priced prefix', () => {
    const sut = new PriceTable(undefined, base);
    expect(sut.pricedName('gpt-4o-mini-2024-07-18')).toBe('gpt-4o-mini');
    expect(sut.pricedName('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(sut.costUsd('gpt-4o-mini-2024-07-18', 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
  });

  it('returns no name and no cost for a model in no table, nor for a mere string prefix', () => {
    const sut = new PriceTable(undefined, base);
    expect(sut.pricedName('gpt-4omni')).toBeUndefined();
    expect(sut.costUsd('llama-3', 10, 10)).toBeUndefined();
  });

  it('lets the operator table override and extend the built-in one', () => {
    const sut = new PriceTable({ models: { 'gpt-4o': { input: 1, output: 1 }, mine: { input: 2, output: 0 } } }, base);
    expect(sut.costUsd('gpt-4o', 1_000_000, 1_000_000)).toBe(2);
    expect(sut.costUsd('mine', 500_000, 7)).toBe(1);
    expect(sut.costUsd('gpt-4o-mini', 1_000_000, 0)).toBe(0.15);
  });

  it('ships a dated, sourced built-in table that prices common OpenAI and Anthropic models', () => {
    expect(builtIn.source).toMatch(/^https:\/\//);
    expect(builtIn.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const sut = new PriceTable();
    for (const model of ['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022']) {
      expect(sut.costUsd(model, 1_000_000, 0)).toBeGreaterThan(0);
    }
  });
});

describe(parsePriceFile.name, () => {
  it('names the file and the model of a bad entry', () => {
    expect(() => parsePriceFile({ models: { x: { input: '1', output: 2 } } }, 'p.json')).toThrow(/p\.json: x needs/);
    expect(() => parsePriceFile([], 'p.json')).toThrow(/p\.json: expected/);
  });
});
