import { Environment } from './environment';
import { LlmConfig } from './llm.config';

export type EmbedProvider = 'openai' | 'lexical' | 'local';

/** Which embedder backs the semantic layer and how strict a match must be. */
export class EmbedConfig {
  readonly provider: EmbedProvider;
  readonly model: string;
  /** `openai`: the `dimensions` asked for; undefined = the model's own length. */
  readonly dimensions?: number;
  /** `local`: the model's directory (required then; validated at boot). */
  readonly modelDir?: string;
  /** `local`: fetch missing model files from the Hugging Face Hub. */
  readonly allowDownload: boolean;
  readonly timeoutMs: number;
  /** undefined = use the embedder's own calibrated default. */
  readonly similarityThreshold?: number;

  constructor(env: Environment) {
    this.provider = env.EMBED_PROVIDER ?? (new LlmConfig(env).serverConfigured ? 'openai' : 'lexical');
    this.model = env.EMBED_MODEL;
    this.dimensions = env.EMBED_DIMENSIONS;
    this.modelDir = env.EMBED_MODEL_DIR;
    this.allowDownload = env.EMBED_ALLOW_DOWNLOAD;
    this.timeoutMs = env.EMBED_TIMEOUT_MS;
    this.similarityThreshold = env.EMBED_SIM_THRESHOLD;
  }
}
