import { CachedAnswer } from '../common/cached-answer';
import { embedKey } from '../vector-index/embed-entry-codec';
import { SemanticEntry } from '../vector-index/vector-index.port';

/** One row of GET /cache/entries: what an operator needs to judge an entry, never the answer text. */
export interface EntryView {
  /** The key DELETE /cache/entries/<key> takes. */
  key: string;
  layer: 'exact' | 'semantic';
  namespace: string;
  question: string;
  model: string;
  /** Epoch milliseconds when the answer was produced (0: unknown, a legacy value). */
  createdAt: number;
  /** Semantic hits served; null for exact entries, whose hits are not counted per entry. */
  hits: number | null;
  /** Similarity of the last semantic hit served; null when none (and for exact entries). */
  similarity: number | null;
}

export interface EntryListing {
  entries: EntryView[];
  /** Entries per namespace among those examined, most first. */
  namespaces: Array<{ namespace: string; entries: number }>;
  /** How many entries were examined per layer: at most the scan bound, so a large cache is sampled. */
  examined: number;
}

export function exactView(key: string, answer: CachedAnswer): EntryView {
  const namespace = key.split(':')[1] ?? '';
  const { question, model, createdAt } = answer;
  return { key, layer: 'exact', namespace, question, model, createdAt, hits: null, similarity: null };
}

export function semanticView(entry: SemanticEntry): EntryView {
  const { namespace, question, model, createdAt, hits } = entry;
  return {
    key: embedKey(namespace, entry.id),
    layer: 'semantic',
    namespace,
    question,
    model,
    createdAt,
    hits: hits?.count ?? 0,
    similarity: hits?.lastSimilarity ?? null,
  };
}

/** The newest `limit` views and the namespace counts of all of them. */
export function listing(views: EntryView[], limit: number): EntryListing {
  const counts = new Map<string, number>();
  for (const view of views) counts.set(view.namespace, (counts.get(view.namespace) ?? 0) + 1);
  return {
    entries: [...views].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit),
    namespaces: [...counts]
      .map(([namespace, entries]) => ({ namespace, entries }))
      .sort((a, b) => b.entries - a.entries),
    examined: views.length,
  };
}

/** Up to `bound` items of an async iterable; stops the walk there. */
export async function take<T, R>(items: AsyncIterable<T>, bound: number, map: (item: T) => R): Promise<R[]> {
  const taken: R[] = [];
  if (bound <= 0) return taken;
  for await (const item of items) {
    taken.push(map(item));
    if (taken.length >= bound) break;
  }
  return taken;
}
