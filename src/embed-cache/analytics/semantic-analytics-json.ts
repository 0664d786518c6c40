import { SIMILARITY_BUCKETS, SIMILARITY_DECISIONS, SimilarityStats } from './similarity-stats';

/** The `semantic` object of /metrics/json: this replica's counts since its start. */
export function semanticAnalyticsJson(stats: SimilarityStats, entries?: number): Record<string, unknown> {
  const total = stats.total();
  const nearMisses = total.histogram.near_miss.reduce((a, b) => a + b, 0);
  return {
    scope: 'replica',
    lookups: total.lookups,
    similarity: {
      edges: SIMILARITY_BUCKETS,
      ...Object.fromEntries(SIMILARITY_DECISIONS.map((d) => [d, total.histogram[d]])),
    },
    nearMiss: {
      count: nearMisses,
      meanDistance: nearMisses > 0 ? Math.round((total.nearMissDistance / nearMisses) * 10_000) / 10_000 : null,
    },
    feedback: { wrong: total.reportsWrong, right: total.reportsRight },
    topEntries: stats.topEntries(),
    entriesHit: stats.entriesHit(),
    ...(entries !== undefined && { entriesNeverHit: Math.max(0, entries - stats.entriesHit()) }),
  };
}
