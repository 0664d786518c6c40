/** What every protocol's request analysis decides: how the request may use the cache. */
export interface RequestAnalysis {
  /** Why the request is forwarded without caching; undefined when it may be cached. */
  bypass?: string;
  /** Hash of the canonical request: every field that can change the answer, and its API headers. */
  exactHash: string;
  /** The last user message's text, normalised: the only text the semantic layer compares. */
  question?: string;
  /** Hash of everything the exact key covers but that text (system, tools, earlier turns, parameters). */
  semanticContext: string;
  /** Whether the semantic layer may answer and store it (plain text, low temperature, short, no tool results). */
  semanticAllowed: boolean;
  /** Whether identical requests in flight may share one answer: not when sampled to differ. */
  coalescable: boolean;
}
