import { Environment } from './environment';

/** The Anthropic API behind `POST /v1/messages` (see {@link Environment} for defaults). */
export class AnthropicConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  /** True: each caller's own key goes upstream (UPSTREAM_AUTH=passthrough), ANTHROPIC_API_KEY is not sent. */
  readonly passthrough: boolean;

  constructor(env: Environment) {
    this.apiKey = env.ANTHROPIC_API_KEY;
    this.baseUrl = env.ANTHROPIC_BASE_URL;
    this.passthrough = env.UPSTREAM_AUTH === 'passthrough';
  }

  /** Where the Messages API lives: ANTHROPIC_BASE_URL (given without `/v1`, as the SDKs take it) plus `/v1/`. */
  get endpoint(): string {
    return `${(this.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '')}/v1/`;
  }

  /** Misses can be answered: a key or a base URL (a compatible server may need no key), or passthrough. */
  get isConfigured(): boolean {
    return this.apiKey !== undefined || this.baseUrl !== undefined || this.passthrough;
  }
}
