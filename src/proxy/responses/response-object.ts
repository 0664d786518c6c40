import { CachedAnswer, TokenUsage, ToolCall } from '../../common/cached-answer';

/** What a replayed Response is called: a fresh response id, and the id of its message item. */
export interface ReplayIds {
  responseId: string;
  /** The stored message item id when there is one (see CachedAnswer.itemId), else a made-up `msg_cache_...`. */
  messageId: string;
}

/** Request fields a Response echoes back, with the values the API reports when they were not sent. */
const ECHOED: Readonly<Record<string, unknown>> = {
  instructions: null,
  max_output_tokens: null,
  metadata: {},
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: true,
  temperature: null,
  text: { format: { type: 'text' } },
  tool_choice: 'auto',
  tools: [],
  top_p: null,
  truncation: 'disabled',
};

/** The request's values of the fields a Response echoes (the rest as the API defaults them). */
export function echoedFields(request: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ECHOED).map(([field, fallback]) => [field, request[field] ?? fallback]));
}

/** Stored usage as the Responses API reports it; the split into cached and reasoning tokens is not kept. */
const responsesUsage = (usage?: TokenUsage) =>
  usage
    ? {
        input_tokens: usage.prompt,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: usage.completion,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.total,
      }
    : null;

/** The answer's text as one `output_text` part. */
export const outputText = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

/** The answer's text as its one assistant message item. */
export const messageItem = (id: string, text: string, status = 'completed', content = [outputText(text)]) => ({
  id,
  type: 'message',
  status,
  role: 'assistant',
  content,
});

/** Output items of a stored answer: its text as one message (none for tool calls alone), then its function calls. */
export function outputItems(answer: CachedAnswer, messageId: string): ToolCall[] {
  const message = answer.answer !== '' || !answer.toolCalls ? [messageItem(messageId, answer.answer)] : [];
  return [...message, ...(answer.toolCalls ?? [])];
}

/** A stored answer as the completed Response object a non-streaming call returns. */
export function toResponse(
  answer: CachedAnswer,
  ids: ReplayIds,
  echoed: Record<string, unknown>,
): Record<string, unknown> {
  const createdAt = Math.floor(answer.createdAt / 1000);
  return {
    id: ids.responseId,
    object: 'response',
    created_at: createdAt,
    status: 'completed',
    background: false,
    completed_at: createdAt,
    error: null,
    incomplete_details: null,
    model: answer.model,
    output: outputItems(answer, ids.messageId),
    ...echoed,
    usage: responsesUsage(answer.usage),
  };
}
