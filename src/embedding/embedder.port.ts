/** Turns text into a vector for the semantic layer. The abstract class is the DI token. */
export abstract class Embedder {
  /**
   * Stable identity of the vector space (`lexical-v1`, `openai:text-embedding-3-small`).
   * Stored with every entry; vectors with different ids are never compared.
   */
  abstract readonly id: string;

  /** Cosine similarity (0-1) a match needs with this embedder unless EMBED_SIM_THRESHOLD overrides it. */
  abstract readonly defaultThreshold: number;

  /** An L2-normalised vector for `text`. Rejects on failure; the caller treats that as a miss. */
  abstract embed(text: string): Promise<Float32Array>;
}
