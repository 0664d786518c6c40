import { Environment } from './environment';

export type EmbedProvider = 'openai' | 'lexical';

/** Which embedder backs the semantic layer and how strict a match must be. */
export class EmbedConfig {
  readonly provider: EmbedProvider;
  readonly model: string;
  readonly timeoutMs: number;
  /** undefined = use the embedder's own calibrated default. */
  readonly similarityThreshold?: number;

  constructor(env: Environment) {
    const upstreamConfigured = env.OPENAI_API_KEY !== undefined || env.OPENAI_BASE_URL !== undefined;
    this.provider = env.EMBED_PROVIDER ?? (upstreamConfigured ? 'openai' : 'lexical');
    this.model = env.EMBED_MODEL;
    this.timeoutMs = env.EMBED_TIMEOUT_MS;
    this.similarityThreshold = env.EMBED_SIM_THRESHOLD;
  }
}
