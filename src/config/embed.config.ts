import { Environment } from './environment';
import { LlmConfig } from './llm.config';

export type EmbedProvider = 'openai' | 'lexical';

/** Which embedder backs the semantic layer and how strict a match must be. */
export class EmbedConfig {
  readonly provider: EmbedProvider;
  readonly model: string;
  readonly timeoutMs: number;
  /** undefined = use the embedder's own calibrated default. */
  readonly similarityThreshold?: number;

  constructor(env: Environment) {
    this.provider = env.EMBED_PROVIDER ?? (new LlmConfig(env).isConfigured ? 'openai' : 'lexical');
    this.model = env.EMBED_MODEL;
    this.timeoutMs = env.EMBED_TIMEOUT_MS;
    this.similarityThreshold = env.EMBED_SIM_THRESHOLD;
  }
}
