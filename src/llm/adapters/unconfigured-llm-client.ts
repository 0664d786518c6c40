import { LlmNotConfiguredError } from '../../common/errors/llm.errors';
import { LlmClient, LlmCompletion } from '../llm-client.port';

/** Stands in when no upstream is configured: the cache still serves hits, misses get a 503 naming the variable to set. */
export class UnconfiguredLlmClient extends LlmClient {
  readonly isConfigured = false;

  complete(): Promise<LlmCompletion> {
    return Promise.reject(new LlmNotConfiguredError());
  }
}
