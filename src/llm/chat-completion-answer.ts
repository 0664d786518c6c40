import { StorableAnswer } from '../common/cached-answer';

interface CompletionLike {
  choices?: { message?: { content?: unknown; tool_calls?: unknown }; finish_reason?: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/**
 * The answer of a non-streamed `chat.completion` when it is one plain-text choice; otherwise
 * (tool calls, several choices, empty or unreadable) nothing to store.
 */
export function chatCompletionAnswer(body: Buffer): StorableAnswer | undefined {
  let completion: CompletionLike;
  try {
    completion = JSON.parse(body.toString('utf8')) as CompletionLike;
  } catch {
    return undefined;
  }
  const choice = completion.choices?.length === 1 ? completion.choices[0] : undefined;
  const content = choice?.message?.content;
  if (typeof content !== 'string' || content.length === 0 || choice?.message?.tool_calls) return undefined;
  const usage = completion.usage;
  return {
    answer: content,
    finishReason: choice?.finish_reason,
    tokens: usage?.completion_tokens ?? 0,
    usage: usage && { prompt: usage.prompt_tokens, completion: usage.completion_tokens, total: usage.total_tokens },
  };
}
