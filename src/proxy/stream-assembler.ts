import { TokenUsage } from '../common/cached-answer';

interface ChunkLike {
  model?: string;
  choices?: { index?: number; delta?: { content?: string | null; tool_calls?: unknown; refusal?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

export interface AssembledAnswer {
  answer: string;
  finishReason: string;
  usage?: TokenUsage;
}

/**
 * Rebuilds the answer of a streamed completion chunk by chunk, so that it can be cached once the
 * stream has ended normally. Anything it cannot replay faithfully (tool calls, refusals, several
 * choices) marks the stream as not cacheable.
 */
export class StreamAssembler {
  private readonly parts: string[] = [];
  private finishReason?: string;
  private usage?: TokenUsage;
  private replayable = true;

  add(chunk: ChunkLike): void {
    if (chunk.usage) {
      this.usage = { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens, total: chunk.usage.total_tokens };
    }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0 || choice.delta?.tool_calls || choice.delta?.refusal) this.replayable = false;
      if (typeof choice.delta?.content === 'string') this.parts.push(choice.delta.content);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  /** The whole answer, or undefined when the stream did not finish or cannot be replayed. */
  result(): AssembledAnswer | undefined {
    const answer = this.parts.join('');
    if (!this.replayable || !this.finishReason || answer.length === 0) return undefined;
    return { answer, finishReason: this.finishReason, usage: this.usage };
  }
}
