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
        message: { role: 'assistant', content: answer.answer, refusal: null },
        logprobs: null,
        finish_reason: answer.finishReason ?? 'stop',
      },
    ],
    ...(answer.usage && { usage: openAiUsage(answer.usage) }),
  };
}

/** Splits text into pieces of about `size` characters without breaking a surrogate pair. */
export function splitText(text: string, size = CHUNK_CHARS): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let i = 0; i < characters.length; i += size) pieces.push(characters.slice(i, i + size).join(''));
  return pieces;
}

/**
 * A cached answer as the `chat.completion.chunk` sequence OpenAI streams: role first, the content
 * in several pieces, finish_reason last, then a usage chunk when the caller asked for one.
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
    chunk({ role: 'assistant', content: '' }),
    ...splitText(answer.answer).map((content) => chunk({ content })),
  ];
  chunks.push(chunk({}, answer.finishReason ?? 'stop'));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: openAiUsage(answer.usage) ?? null });
  return chunks;
}
