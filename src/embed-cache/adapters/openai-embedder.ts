import OpenAI from 'openai';
import { Embedder } from '../embedder.port';
import { normalizeInPlace } from '../vector-math';

/** Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint through the official SDK. */
export class OpenAiEmbedder extends Embedder {
  readonly id: string;
  /**
   * Not yet calibrated offline (no model here); set high because a wrong hit costs more
   * than a miss. Tune with EMBED_SIM_THRESHOLD.
   */
  readonly defaultThreshold = 0.9;

  constructor(
    private readonly openai: OpenAI,
    private readonly model: string,
  ) {
    super();
    this.id = `openai:${model}`;
  }

  async embed(text: string): Promise<Float32Array> {
    const response = await this.openai.embeddings.create({ model: this.model, input: text, encoding_format: 'float' });
    const embedding = response.data[0]?.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0) throw new Error('The embedding upstream returned no vector');
    // OpenAI's vectors are unit length already; other compatible servers' may not be.
    return normalizeInPlace(Float32Array.from(embedding));
  }
}
