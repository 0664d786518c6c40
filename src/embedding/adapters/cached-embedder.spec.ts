import { CacheStore } from '../../cache-store/cache-store.port';
import { MemoryCacheStore } from '../../cache-store/adapters/memory-cache-store';
import { Embedder } from '../embedder.port';
import { normalizeInPlace } from '../../vector-index/vector-math';
import { CachedEmbedder, EmbeddingCacheEvents } from './cached-embedder';

/** Stands for the remote embedding API: counts calls, answers a vector derived from the text. */
class CountingEmbedder extends Embedder {
  readonly id = 'remote:test-model';
  readonly defaultThreshold = 0.8;
  calls = 0;
  async embed(text: string): Promise<Float32Array> {
    this.calls++;
    return normalizeInPlace(Float32Array.from([text.length, 1, -0.5]));
  }
}

class FailingStore extends MemoryCacheStore {
  override get(): Promise<string | undefined> {
    return Promise.reject(new Error('store down'));
  }
}

describe(CachedEmbedder.name, () => {
  let remote: CountingEmbedder;
  let events: { lookups: boolean[]; failures: string[] } & EmbeddingCacheEvents;
  const make = (store: CacheStore) => new CachedEmbedder(remote, store, 60, events);

  beforeEach(() => {
    remote = new CountingEmbedder();
    events = {
      lookups: [],
      failures: [],
      lookup(hit) {
        this.lookups.push(hit);
      },
      storeFailed(error) {
        this.failures.push(error.message);
      },
    };
  });

  it('embeds a text once and serves the same vector from the store afterwards', async () => {
    const store = new MemoryCacheStore(100);
    const sut = make(store);

    const first = await sut.embed('什麼是快取？');
    const second = await sut.embed('什麼是快取？');

    expect(remote.calls).toBe(1);
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(events.lookups).toEqual([false, true]);
    expect(await store.countByPrefix('embedding:remote:test-model:')).toBe(1);
  });

  it('keeps the inner embedder identity and threshold', () => {
    const sut = make(new MemoryCacheStore(10));
    expect([sut.id, sut.defaultThreshold]).toEqual(['remote:test-model', 0.8]);
  });

  it('still embeds when the store fails, and reports the failure', async () => {
    const sut = make(new FailingStore(10));
    await expect(sut.embed('hello')).resolves.toHaveLength(3);
    expect(remote.calls).toBe(1);
    expect(events.failures).toEqual(['store down']);
  });
});
