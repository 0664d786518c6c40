import OpenAI from 'openai';
import { LlmConfig } from '../config/llm.config';

/**
 * One place that turns config into an `openai` client, for chat and embeddings alike.
 * Servers such as Ollama or vLLM need no key, but the SDK insists on one, hence the placeholder.
 */
export function createOpenAiClient(config: LlmConfig, timeoutMs: number): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey ?? 'no-key-needed',
    baseURL: config.baseUrl,
    timeout: timeoutMs,
    maxRetries: config.maxRetries,
  });
}
