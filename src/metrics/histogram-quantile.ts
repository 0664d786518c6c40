/** One cumulative bucket of a Prometheus histogram: `count` observations were ≤ `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * The q-quantile (0-1) of a histogram, interpolated linearly inside the bucket that holds it,
 * the way PromQL's histogram_quantile() does. Returns undefined for an empty histogram; a
 * quantile in the +Inf bucket is reported as the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: CumulativeBucket[]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket === 0 ? le : lowerBound + ((le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
