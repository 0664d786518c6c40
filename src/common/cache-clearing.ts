/**
 * Which layer a clear touches: the exact layer (`prompt`), the semantic layer, the cached
 * `/v1/embeddings` answers (`embeddings`), or all three.
 */
export type CacheLayerSelection = 'all' | 'prompt' | 'semantic' | 'embeddings';

/** What DELETE /cache and `npm run cache:clear` report: entries deleted per layer. */
export interface ClearResult {
  /** The namespace cleared; null when every namespace was. */
  namespace: string | null;
  deleted: { prompt: number; semantic: number; embeddings: number };
}

/** Whether clearing `selection` clears `layer`. */
export function clearsLayer(selection: CacheLayerSelection, layer: Exclude<CacheLayerSelection, 'all'>): boolean {
  return selection === 'all' || selection === layer;
}
