import { Environment } from './environment';

/** The OpenAI-compatible upstream used for chat completions (and, by default, embeddings). */
export class LlmConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** /ask's retries (LLM_MAX_RETRIES). */
  readonly maxRetries: number;
  /** The /v1 proxy's retries (PROXY_MAX_RETRIES): its callers retry by themselves. */
  readonly proxyMaxRetries: number;
  /** True: each caller's own key goes upstream (UPSTREAM_AUTH=passthrough), OPENAI_API_KEY is not sent. */
  readonly passthrough: boolean;

  constructor(env: Environment) {
    this.apiKey = env.OPENAI_API_KEY;
    this.baseUrl = env.OPENAI_BASE_URL;
    this.model = env.LLM_MODEL;
    this.timeoutMs = env.LLM_TIMEOUT_MS;
    this.maxRetries = env.LLM_MAX_RETRIES;
    this.proxyMaxRetries = env.PROXY_MAX_RETRIES;
    this.passthrough = env.UPSTREAM_AUTH === 'passthrough';
  }

  /** Where requests go: OPENAI_BASE_URL, else OpenAI's own API. */
  get endpoint(): string {
    return this.baseUrl ?? 'https://api.openai.com/v1';
  }

  /** A key or a base URL is enough: local servers such as Ollama or vLLM need no key. */
  get serverConfigured(): boolean {
    return this.apiKey !== undefined || this.baseUrl !== undefined;
  }

  /** Misses can be answered: the server's own upstream, or passthrough (callers bring their keys). */
  get isConfigured(): boolean {
    return this.serverConfigured || this.passthrough;
  }
}
