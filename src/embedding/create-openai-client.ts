import OpenAI from 'openai';
import { LlmConfig } from '../config/llm.config';

/**
 * The `openai` client of the semantic layer's embedder. Servers such as Ollama or vLLM need no key,
 * but the SDK insists on one, hence the placeholder. It never retries: a failed embedding only
 * costs a semantic miss, retries would keep the request waiting and pile onto a failing embedder,
 * and the embedder's circuit breaker is what stops calling it.
 */
export function createOpenAiClient(config: LlmConfig, timeoutMs: number): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey ?? 'no-key-needed',
    baseURL: config.baseUrl,
    timeout: timeoutMs,
    maxRetries: 0,
  });
}
