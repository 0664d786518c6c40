import { CacheStore } from '../../cache-store/cache-store.port';
import { sha256 } from '../../common/sha256';
import { Embedder } from '../embedder.port';
import { decodeFloat32, encodeFloat32 } from '../../vector-index/float32-codec';

/** What the embedding cache reports; the provider wires these to metrics and the log. */
export interface EmbeddingCacheEvents {
  lookup(hit: boolean, seconds: number): void;
  storeFailed(error: Error): void;
}

/** Prefix of the embedding cache's keys; the vectors are derived data, so clearing answers leaves them. */
export const EMBEDDING_KEY_PREFIX = 'embedding:';

/**
 * Wraps a remote embedder so the same text is never embedded (or paid for) twice: vectors are kept
 * in the shared store under `embedding:<embedder id>:<sha256(text)>`, shared by every replica.
 * A store failure only costs the remote call.
 */
export class CachedEmbedder extends Embedder {
  constructor(
    private readonly inner: Embedder,
    private readonly store: CacheStore,
    private readonly ttlSeconds: number,
    private readonly events: EmbeddingCacheEvents,
  ) {
    super();
  }

  get id(): string {
    return this.inner.id;
  }

  get defaultThreshold(): number {
    return this.inner.defaultThreshold;
  }

  async embed(text: string): Promise<Float32Array> {
    const key = `${EMBEDDING_KEY_PREFIX}${this.inner.id}:${sha256(text)}`;
    const started = performance.now();
    const cached = await this.store.get(key).catch((error: Error) => void this.events.storeFailed(error));
    this.events.lookup(cached !== undefined, (performance.now() - started) / 1000);
    if (cached !== undefined) return decodeFloat32(Buffer.from(cached, 'base64'));

    const vector = await this.inner.embed(text);
    await this.store
      .set(key, encodeFloat32(vector).toString('base64'), this.ttlSeconds)
      .catch((error: Error) => this.events.storeFailed(error));
    return vector;
  }
}
