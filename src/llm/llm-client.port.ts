import { TokenUsage } from '../common/cached-answer';

/** What the cache asks the model on a miss. */
export interface LlmCompletionRequest {
  /** The normalised question, sent as the single user message. */
  question: string;
  /** Model name as the upstream knows it. */
  model: string;
}

export interface LlmCompletion {
  answer: string;
  /** The model that actually answered (upstreams may resolve aliases). */
  model: string;
  /** undefined when the upstream reports no usage. */
  usage?: TokenUsage;
}

/** The LLM behind the cache. The abstract class is also the DI token. */
export abstract class LlmClient {
  /** False when no upstream is configured; {@link complete} then throws LlmNotConfiguredError. */
  abstract readonly isConfigured: boolean;

  /**
   * Asks the model. Throws LlmTimeoutError past the configured timeout (retries included),
   * LlmUpstreamError for any other failure; never returns an empty or partial answer.
   */
  abstract complete(request: LlmCompletionRequest): Promise<LlmCompletion>;
}
