import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';
import { CumulativeBucket, histogramQuantile } from './histogram-quantile';

type Values = MetricValue<string>[];

/** Sum of the samples whose labels include every given label. */
export function sumWhere(values: Values, labels: Record<string, string> = {}): number {
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((total, v) => total + v.value, 0);
}

export interface LatencySummary {
  count: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

const toMs = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1e5) / 100);

/** p50/p95/p99 in milliseconds of a histogram, over all of its label sets. */
export function summarizeLatency(histogram: MetricObjectWithValues<MetricValueWithName<string>>): LatencySummary {
  const byBound = new Map<number, number>();
  let count = 0;
  for (const sample of histogram.values) {
    if (sample.metricName?.endsWith('_bucket')) {
      const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
      byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
    } else if (sample.metricName?.endsWith('_count')) {
      count += sample.value;
    }
  }
  const buckets: CumulativeBucket[] = [...byBound].map(([le, c]) => ({ le, count: c }));
  return {
    count,
    p50: toMs(histogramQuantile(0.5, buckets)),
    p95: toMs(histogramQuantile(0.95, buckets)),
    p99: toMs(histogramQuantile(0.99, buckets)),
  };
}

/** hits ÷ (hits + misses), or null before the first lookup (0 would read as "always misses"). */
export function hitRate(hits: number, misses: number): number | null {
  const total = hits + misses;
  return total === 0 ? null : Math.round((hits / total) * 10_000) / 10_000;
}
