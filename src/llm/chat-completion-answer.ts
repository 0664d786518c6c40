import { ReadAnswer, ToolCall } from '../common/cached-answer';

interface CompletionLike {
  error?: unknown;
  choices?: { message?: { content?: unknown; tool_calls?: unknown; refusal?: unknown }; finish_reason?: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/**
 * Reads a non-streamed `chat.completion`: its one choice's text and tool calls, finish reason,
 * usage, and whether it is a refusal or an error. No answer when the body is unreadable, holds
 * several choices, or neither text nor tool calls. Whether to store it is the write gates' call.
 */
export function chatCompletionAnswer(body: Buffer): ReadAnswer {
  let completion: CompletionLike;
  try {
    completion = JSON.parse(body.toString('utf8')) as CompletionLike;
  } catch {
    return { complete: false };
  }
  const choice = completion.choices?.length === 1 ? completion.choices[0] : undefined;
  const message = choice?.message;
  const content = typeof message?.content === 'string' ? message.content : '';
  const toolCalls =
    Array.isArray(message?.tool_calls) && message.tool_calls.length > 0 ? message.tool_calls : undefined;
  const read = {
    complete: true,
    error: completion.error !== undefined && completion.error !== null,
    refusal: typeof message?.refusal === 'string' && message.refusal.length > 0,
  };
  if (content.length === 0 && !toolCalls) return read;
  const usage = completion.usage;
  return {
    ...read,
    answer: {
      answer: content,
      finishReason: choice?.finish_reason,
      tokens: usage?.completion_tokens ?? 0,
      usage: usage && { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens },
      ...(toolCalls && { toolCalls: toolCalls as ToolCall[] }),
    },
  };
}
