import { createParser, EventSourceParser } from 'eventsource-parser';
import { AnswerReader, ReadAnswer, StorableAnswer, ToolCall } from '../../common/cached-answer';

interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface ChunkLike {
  error?: unknown;
  choices?: {
    index?: number;
    delta?: { content?: string | null; tool_calls?: ToolCallDelta[] | null; refusal?: string | null };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

interface AssembledToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

/**
 * Rebuilds the answer of a streamed completion from the SSE bytes relayed to the caller, so that it
 * can be cached once the stream has ended: the text, the tool calls (their `index`-keyed deltas
 * joined, `arguments` concatenated), the finish reason and usage. It is complete once `data: [DONE]`
 * follows a finish reason; an error event or refusal is reported; a second choice or an unreadable
 * event leaves no answer.
 */
export class StreamAssembler implements AnswerReader {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser = createParser({ onEvent: ({ data }) => this.onData(data) });
  private readonly parts: string[] = [];
  private readonly toolCalls = new Map<number, AssembledToolCall>();
  private finishReason?: string;
  private usage?: StorableAnswer['usage'];
  private readable = true;
  private error = false;
  private refusal = false;
  private done = false;

  /** Bytes as they came from the upstream; events may be split anywhere, even inside a character. */
  feed(bytes: Uint8Array): void {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
  }

  result(): ReadAnswer {
    const answer = this.parts.join('');
    const toolCalls = [...this.toolCalls].sort(([a], [b]) => a - b).map(([, call]) => call);
    const read = { complete: this.done && !!this.finishReason, error: this.error, refusal: this.refusal };
    if (!this.readable || (answer.length === 0 && toolCalls.length === 0)) return read;
    return {
      ...read,
      answer: {
        answer,
        finishReason: this.finishReason,
        tokens: this.usage?.completion ?? 0,
        usage: this.usage,
        ...(toolCalls.length > 0 && { toolCalls: toolCalls as unknown as ToolCall[] }),
      },
    };
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
      this.readable = false;
      return;
    }
    if (chunk.error !== undefined) this.error = true;
    if (chunk.usage) {
      this.usage = {
        prompt: chunk.usage.prompt_tokens,
        completion: chunk.usage.completion_tokens,
        total: chunk.usage.total_tokens,
      };
    }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) this.readable = false;
      const delta = choice.delta;
      if (delta?.refusal) this.refusal = true;
      if (typeof delta?.content === 'string') this.parts.push(delta.content);
      for (const call of delta?.tool_calls ?? []) this.addToolCallDelta(call);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  /** The first delta of a call brings its id, type and name; the next ones pieces of its arguments. */
  private addToolCallDelta({ index = 0, id, type, function: fn }: ToolCallDelta): void {
    let call = this.toolCalls.get(index);
    if (!call) this.toolCalls.set(index, (call = { id: '', type: 'function', function: { name: '', arguments: '' } }));
    if (id) call.id = id;
    if (type) call.type = type;
    if (fn?.name) call.function.name = fn.name;
    if (fn?.arguments) call.function.arguments += fn.arguments;
  }
}
