import OpenAI from 'openai';
import { Embedder } from '../embedder.port';
import { MicroBatcher } from '../micro-batcher';
import { normalizeInPlace } from '../../vector-index/vector-math';

/**
 * Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint through the official SDK.
 * The texts asked for in one turn of the event loop go in one request.
 */
export class OpenAiEmbedder extends Embedder {
  /** Most texts in one request (OpenAI accepts 2048): one failed or slow request then costs fewer lookups. */
  static readonly MAX_BATCH = 256;
  /**
   * Most characters in one request. OpenAI refuses a request of more than 300,000 tokens, and a
   * character is at most about 3 tokens (rare CJK), so long questions get requests of their own.
   */
  static readonly MAX_BATCH_CHARS = 100_000;

  readonly id: string;
  /**
   * Not yet calibrated offline (no model here); set high because a wrong hit costs more
   * than a miss. Tune with EMBED_SIM_THRESHOLD.
   */
  readonly defaultThreshold = 0.9;
  private readonly batcher: MicroBatcher<string, Float32Array>;

  /** `dimensions`: the vector length to ask for (text-embedding-3 models); undefined = the model's own. */
  constructor(
    private readonly openai: OpenAI,
    private readonly model: string,
    private readonly dimensions?: number,
  ) {
    super();
    // A shortened vector is another vector space: it must never be compared with a full one.
    this.id = dimensions === undefined ? `openai:${model}` : `openai:${model}:${dimensions}`;
    this.batcher = new MicroBatcher((texts) => this.embedBatch(texts), {
      maxBatchSize: OpenAiEmbedder.MAX_BATCH,
      maxBatchWeight: OpenAiEmbedder.MAX_BATCH_CHARS,
      weigh: (text) => text.length,
    });
  }

  embed(text: string): Promise<Float32Array> {
    return this.batcher.submit(text);
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const response = await this.openai.embeddings.create({
      model: this.model,
      input: texts,
      encoding_format: 'float',
      ...(this.dimensions !== undefined && { dimensions: this.dimensions }),
    });
    const byIndex = new Map(response.data.map((item) => [item.index, item.embedding]));
    return texts.map((_, i) => {
      const embedding = byIndex.get(i);
      if (!Array.isArray(embedding) || embedding.length === 0)
        throw new Error(`The embedding upstream returned no vector for input ${i}`);
      // OpenAI's vectors are unit length already; other compatible servers' may not be.
      return normalizeInPlace(Float32Array.from(embedding));
    });
  }
}
