/** A weighted sparse feature: the unit the lexical embedder hashes into its vector. */
export type Features = Map<string, number>;

/** Adds `weight` to feature `key` (a feature seen twice weighs twice, before damping). */
export function addFeature(features: Features, key: string, weight: number): void {
  features.set(key, (features.get(key) ?? 0) + weight);
}
