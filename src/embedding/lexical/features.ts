/** A weighted sparse feature: the unit the lexical embedder hashes into its vector. */
export type Features = Map<string, number>;
