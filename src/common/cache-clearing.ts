/** Which layer a clear touches: the exact layer (`prompt`), the semantic layer, or both. */
export type CacheLayerSelection = 'all' | 'prompt' | 'semantic';

/** What DELETE /cache and `npm run cache:clear` report: entries deleted per layer. */
export interface ClearResult {
  /** The namespace cleared; null when every namespace was. */
  namespace: string | null;
  deleted: { prompt: number; semantic: number };
}
