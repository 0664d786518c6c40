import { CachedAnswer, TokenUsage } from '../../common/cached-answer';

/** Characters per replayed stream chunk: small enough to look like live generation. */
const CHUNK_CHARS = 24;

const openAiUsage = (usage?: TokenUsage) =>
  usage && { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.total };

/** A cached answer as the non-streaming `chat.completion` JSON the caller asked for. */
export function toChatCompletion(answer: CachedAnswer, id: string): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(answer.createdAt / 1000),
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.toolCalls && answer.answer === '' ? null : answer.answer,
          refusal: null,
          ...(answer.toolCalls && { tool_calls: answer.toolCalls }),
        },
        logprobs: null,
        finish_reason: finishReasonOf(answer),
      },
    ],
    ...(answer.usage && { usage: openAiUsage(answer.usage) }),
  };
}

/** A stored tool-call answer always finishes with `tool_calls`, as the SDKs that act on them expect. */
const finishReasonOf = (answer: CachedAnswer) => (answer.toolCalls ? 'tool_calls' : (answer.finishReason ?? 'stop'));

/** Splits text into pieces of about `size` characters without breaking a surrogate pair. */
export function splitText(text: string, size = CHUNK_CHARS): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let i = 0; i < characters.length; i += size) pieces.push(characters.slice(i, i + size).join(''));
  return pieces;
}

/**
 * A cached answer as the `chat.completion.chunk` sequence OpenAI streams: role first, the content
 * in several pieces, the tool calls, finish_reason last, then a usage chunk when the caller asked for one.
 */
export function toChatChunks(answer: CachedAnswer, id: string, includeUsage: boolean): Record<string, unknown>[] {
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(answer.createdAt / 1000),
    model: answer.model,
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const chunks: Record<string, unknown>[] = [
    chunk({ role: 'assistant', content: answer.toolCalls && answer.answer === '' ? null : '' }),
    ...splitText(answer.answer).map((content) => chunk({ content })),
    // One delta per call, whole: a client joins `index`-keyed deltas, however many there are.
    ...(answer.toolCalls ?? []).map((call, index) => chunk({ tool_calls: [{ index, ...call }] })),
  ];
  chunks.push(chunk({}, finishReasonOf(answer)));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: openAiUsage(answer.usage) ?? null });
  return chunks;
}
