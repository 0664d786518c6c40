import { Histogram, MetricValue, Registry } from 'prom-client';
import { hitRate, sumWhere, summarizeLatency } from './metrics-snapshot';

describe('sumWhere', () => {
  const values: MetricValue<string>[] = [
    { labels: { layer: 'exact', result: 'hit' }, value: 3 },
    { labels: { layer: 'semantic', result: 'hit' }, value: 2 },
    { labels: { layer: 'exact', result: 'miss' }, value: 5 },
    { labels: { status: 200 }, value: 7 },
  ];

  it('sums every sample when no label is given', () => {
    expect(sumWhere(values)).toBe(17);
  });

  it('sums only the samples carrying the given label', () => {
    expect(sumWhere(values, { result: 'hit' })).toBe(5);
  });

  it('requires every given label to match', () => {
    expect(sumWhere(values, { layer: 'exact', result: 'hit' })).toBe(3);
  });

  it('returns 0 when nothing matches', () => {
    expect(sumWhere(values, { layer: 'none' })).toBe(0);
  });

  it('matches numeric label values by their string form', () => {
    expect(sumWhere(values, { status: '200' })).toBe(7);
  });
});

describe('hitRate', () => {
  it('is null before the first lookup', () => {
    expect(hitRate(0, 0)).toBeNull();
  });

  it.each([
    [3, 0, 1],
    [0, 5, 0],
    [2, 3, 0.4],
    [1, 2, 0.3333],
    [2, 1, 0.6667],
  ])('is %i hits over %i misses = %d, rounded to 4 decimals', (hits, misses, expected) => {
    expect(hitRate(hits, misses)).toBe(expected);
  });
});

describe('summarizeLatency', () => {
  const makeHistogram = () =>
    new Histogram({
      name: 'test_latency_seconds',
      help: 'test',
      labelNames: ['layer'],
      buckets: [0.01, 0.1, 1],
      registers: [new Registry()],
    });

  it('reports count and no percentiles for an empty histogram', async () => {
    // Act
    const summary = summarizeLatency(await makeHistogram().get());

    // Assert
    expect(summary).toEqual({ count: 0, p50: undefined, p95: undefined, p99: undefined });
  });

  it('merges all label sets and reports percentiles in milliseconds', async () => {
    // Arrange: cumulative over both layers: le 0.01→2, 0.1→3, 1→4, +Inf→4
    const histogram = makeHistogram();
    histogram.observe({ layer: 'exact' }, 0.005);
    histogram.observe({ layer: 'exact' }, 0.005);
    histogram.observe({ layer: 'exact' }, 0.05);
    histogram.observe({ layer: 'semantic' }, 0.5);

    // Act
    const summary = summarizeLatency(await histogram.get());

    // Assert
    expect(summary.count).toBe(4);
    expect(summary.p50).toBe(10); // rank 2 → top of (0, 0.01] = 10 ms
    expect(summary.p95).toBe(820); // rank 3.8 → 0.1 + 0.9 × 0.8 = 0.82 s
    expect(summary.p99).toBe(964); // rank 3.96 → 0.1 + 0.9 × 0.96 = 0.964 s
  });
});
