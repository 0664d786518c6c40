import { Injectable } from '@nestjs/common';
import { SIMILARITY_BUCKETS, SIMILARITY_DECISIONS, SimilarityDecision } from '../../metrics/metrics.constants';

/**
 * What the semantic layer decided about its nearest candidates, counted in this process (per
 * replica, reset on restart) and bounded: at most MAX_NAMESPACES namespaces (later ones are counted
 * under OTHER_NAMESPACE) and MAX_TRACKED_ENTRIES entries for the top list.
 */

export { SIMILARITY_BUCKETS, SIMILARITY_DECISIONS };
export type { SimilarityDecision };
export const MAX_NAMESPACES = 100;
export const OTHER_NAMESPACE = '_other';
export const MAX_TRACKED_ENTRIES = 1000;

export interface NamespaceStats {
  lookups: number;
  /** Per decision, counts per SIMILARITY_BUCKETS bucket (below the first edge counts in the first). */
  histogram: Record<SimilarityDecision, number[]>;
  /** Sum of (floor − similarity) over near misses, for their mean distance. */
  nearMissDistance: number;
  /** Feedback reports received. */
  reportsWrong: number;
  reportsRight: number;
}

function emptyStats(): NamespaceStats {
  const histogram = Object.fromEntries(SIMILARITY_DECISIONS.map((d) => [d, SIMILARITY_BUCKETS.map(() => 0)]));
  return {
    lookups: 0,
    histogram: histogram as NamespaceStats['histogram'],
    nearMissDistance: 0,
    reportsWrong: 0,
    reportsRight: 0,
  };
}

export function bucketOf(similarity: number): number {
  const i = SIMILARITY_BUCKETS.findIndex((edge) => similarity <= edge);
  return i === -1 ? SIMILARITY_BUCKETS.length - 1 : i;
}

@Injectable()
export class SimilarityStats {
  private readonly namespaces = new Map<string, NamespaceStats>();
  /** Served hits per entry key; when full, an entry with the fewest is forgotten. */
  private readonly entryHits = new Map<string, number>();

  private of(namespace: string): NamespaceStats {
    const key = this.namespaces.has(namespace) || this.namespaces.size < MAX_NAMESPACES ? namespace : OTHER_NAMESPACE;
    let stats = this.namespaces.get(key);
    if (!stats) this.namespaces.set(key, (stats = emptyStats()));
    return stats;
  }

  lookup(namespace: string): void {
    this.of(namespace).lookups++;
  }

  candidate(namespace: string, decision: SimilarityDecision, similarity: number, floor: number): void {
    const stats = this.of(namespace);
    stats.histogram[decision][bucketOf(similarity)]++;
    if (decision === 'near_miss') stats.nearMissDistance += Math.max(0, floor - similarity);
  }

  report(namespace: string, correct: boolean): void {
    const stats = this.of(namespace);
    if (correct) stats.reportsRight++;
    else stats.reportsWrong++;
  }

  hit(entryKey: string): void {
    if (!this.entryHits.has(entryKey) && this.entryHits.size >= MAX_TRACKED_ENTRIES) {
      let fewest: [string, number] | undefined;
      for (const pair of this.entryHits) if (!fewest || pair[1] < fewest[1]) fewest = pair;
      if (fewest) this.entryHits.delete(fewest[0]);
    }
    this.entryHits.set(entryKey, (this.entryHits.get(entryKey) ?? 0) + 1);
  }

  forget(entryKey: string): void {
    this.entryHits.delete(entryKey);
  }

  namespace(namespace: string): NamespaceStats | undefined {
    return this.namespaces.get(namespace);
  }

  /** Every namespace's stats summed. */
  total(): NamespaceStats {
    const sum = emptyStats();
    for (const stats of this.namespaces.values()) {
      sum.lookups += stats.lookups;
      sum.nearMissDistance += stats.nearMissDistance;
      sum.reportsWrong += stats.reportsWrong;
      sum.reportsRight += stats.reportsRight;
      for (const d of SIMILARITY_DECISIONS) stats.histogram[d].forEach((n, i) => (sum.histogram[d][i] += n));
    }
    return sum;
  }

  /** The `limit` entries with the most hits served by this process, most first. */
  topEntries(limit = 10): { key: string; hits: number }[] {
    return [...this.entryHits]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, hits]) => ({ key, hits }));
  }

  /** How many distinct entries this process has served a hit from (up to MAX_TRACKED_ENTRIES). */
  entriesHit(): number {
    return this.entryHits.size;
  }
}
