import { createParser, EventSourceParser } from 'eventsource-parser';
import { AnswerReader, StorableAnswer } from '../../common/cached-answer';

interface ChunkLike {
  error?: unknown;
  choices?: {
    index?: number;
    delta?: { content?: string | null; tool_calls?: unknown; refusal?: string | null };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/**
 * Rebuilds the answer of a streamed completion from the SSE bytes relayed to the caller, so that it
 * can be cached once the stream has ended. Only a complete, plain-text stream has a result: one that
 * reached `data: [DONE]` after a finish reason, with no error event, tool call, refusal, second
 * choice or unreadable event on the way.
 */
export class StreamAssembler implements AnswerReader {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser = createParser({ onEvent: ({ data }) => this.onData(data) });
  private readonly parts: string[] = [];
  private finishReason?: string;
  private usage?: StorableAnswer['usage'];
  private replayable = true;
  private done = false;

  /** Bytes as they came from the upstream; events may be split anywhere, even inside a character. */
  feed(bytes: Uint8Array): void {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
  }

  /** The whole answer, or undefined when the stream did not finish or cannot be replayed. */
  result(): StorableAnswer | undefined {
    const answer = this.parts.join('');
    if (!this.replayable || !this.done || !this.finishReason || answer.length === 0) return undefined;
    return { answer, finishReason: this.finishReason, tokens: this.usage?.completion ?? 0, usage: this.usage };
  }

  private onData(data: string): void {
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: ChunkLike;
    try {
      chunk = JSON.parse(data) as ChunkLike;
    } catch {
      this.replayable = false;
      return;
    }
    if (chunk.error !== undefined) this.replayable = false;
    if (chunk.usage) {
      this.usage = {
        prompt: chunk.usage.prompt_tokens,
        completion: chunk.usage.completion_tokens,
        total: chunk.usage.total_tokens,
      };
    }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0 || choice.delta?.tool_calls || choice.delta?.refusal) this.replayable = false;
      if (typeof choice.delta?.content === 'string') this.parts.push(choice.delta.content);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }
}
