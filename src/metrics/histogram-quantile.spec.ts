import { histogramQuantile } from './histogram-quantile';

describe('histogramQuantile', () => {
  it('returns undefined for a histogram without buckets', () => {
    expect(histogramQuantile(0.5, [])).toBeUndefined();
  });

  it('returns undefined when no observation was made', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 0.1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeUndefined();
  });

  describe('the PromQL example: le 0.1→10, 0.5→30, 1→40, +Inf→40', () => {
    const buckets = [
      { le: 0.1, count: 10 },
      { le: 0.5, count: 30 },
      { le: 1, count: 40 },
      { le: Infinity, count: 40 },
    ];

    it('interpolates the median inside the (0.1, 0.5] bucket', () => {
      // rank 20: 10 below, 20 inside → 0.1 + 0.4 × (20 − 10) / 20 = 0.3
      expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.3, 12);
    });

    it('interpolates p95 inside the (0.5, 1] bucket', () => {
      // rank 38: 30 below, 10 inside → 0.5 + 0.5 × (38 − 30) / 10 = 0.9
      expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.9, 12);
    });

    it('returns the upper bound when the rank falls exactly on it', () => {
      // rank 10 = cumulative count of le 0.1
      expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.1, 12);
    });

    it('gives the same answer whatever the order of the buckets', () => {
      expect(histogramQuantile(0.5, [...buckets].reverse())).toBeCloseTo(0.3, 12);
    });
  });

  it('interpolates from zero inside the lowest bucket', () => {
    // rank 2 of 4 in (0, 1] → 0.5
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 4 },
        { le: Infinity, count: 4 },
      ]),
    ).toBeCloseTo(0.5, 12);
  });

  it('reports a quantile in the +Inf bucket as the highest finite bound', () => {
    // rank 5 of 10 lies beyond le 1 (count 2)
    const buckets = [
      { le: 0.1, count: 1 },
      { le: 1, count: 2 },
      { le: Infinity, count: 10 },
    ];

    expect(histogramQuantile(0.5, buckets)).toBe(1);
  });

  it('reports the highest finite bound when every observation is in the +Inf bucket', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 0.5, count: 0 },
        { le: 2.5, count: 0 },
        { le: Infinity, count: 7 },
      ]),
    ).toBe(2.5);
  });
});
