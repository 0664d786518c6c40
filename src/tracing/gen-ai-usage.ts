/** What an upstream's answer says about itself: tokens used and the model that answered. */
export interface GenAiUsage {
  inputTokens?: number;
  outputTokens?: number;
  responseModel?: string;
}

type Json = Record<string, unknown>;

/**
 * Reads usage out of an upstream answer's bytes: a JSON body (chat completions, Responses,
 * embeddings, Anthropic messages) or an event stream, whose usage comes in its later events
 * (`stream_options.include_usage`, `response.completed`, Anthropic's `message_start` and
 * `message_delta`). Anything unreadable gives what was found so far.
 */
export function usageOf(bytes: Buffer, contentType = ''): GenAiUsage {
  const usage: GenAiUsage = {};
  const text = bytes.toString('utf8');
  if (contentType.includes('text/event-stream')) {
    for (const line of text.split('\n')) {
      if (line.startsWith('data:')) merge(usage, parse(line.slice(5).trim()));
    }
  } else merge(usage, parse(text));
  return usage;
}

function parse(text: string): Json | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function merge(usage: GenAiUsage, event: Json | undefined): void {
  if (!event) return;
  const inner = (event.response ?? event.message) as Json | undefined;
  const reported = (event.usage ?? inner?.usage) as Json | undefined;
  const model = event.model ?? inner?.model;
  if (typeof model === 'string') usage.responseModel = model;
  if (!reported || typeof reported !== 'object') return;
  const input = reported.prompt_tokens ?? reported.input_tokens;
  const output = reported.completion_tokens ?? reported.output_tokens;
  if (typeof input === 'number') usage.inputTokens = input;
  if (typeof output === 'number') usage.outputTokens = output;
}
