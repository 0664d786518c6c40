import { createParser, EventSourceParser } from 'eventsource-parser';
import { AnswerReader, ReadAnswer } from '../../common/cached-answer';
import { ContentBlock, MessageEnd, readMessage, tokenUsage } from './message-content';

interface UsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
}

interface BlockDelta {
  type?: string;
  text?: string;
  partial_json?: string;
  thinking?: string;
  signature?: string;
  citation?: unknown;
}

interface StreamEvent {
  type?: string;
  index?: number;
  message?: { content?: ContentBlock[]; usage?: UsageLike };
  content_block?: ContentBlock;
  delta?: BlockDelta & { stop_reason?: string | null; stop_sequence?: string | null };
  usage?: UsageLike;
}

/**
 * Rebuilds the message of an Anthropic stream from the SSE bytes relayed to the caller, so that it
 * can be cached once the stream has ended: its content blocks (text, tool inputs joined from their
 * JSON pieces, thinking and its signature, citations), how it ended and its usage. It is complete
 * once `message_stop` follows a `stop_reason`; an `error` event is reported; an unreadable event or
 * a delta of an unknown kind leaves no answer.
 */
export class MessageStreamAssembler implements AnswerReader {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser = createParser({ onEvent: ({ data }) => this.onData(data) });
  private readonly blocks = new Map<number, ContentBlock>();
  /** Tool inputs as their JSON arrives, by block index. */
  private readonly inputs = new Map<number, string>();
  private end: MessageEnd = {};
  private usage: UsageLike = {};
  private readable = true;
  private error = false;
  private stopped = false;

  /** Bytes as they came from the upstream; events may be split anywhere, even inside a character. */
  feed(bytes: Uint8Array): void {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
  }

  result(): ReadAnswer {
    const blocks = this.readable ? [...this.blocks].sort(([a], [b]) => a - b).map(([, block]) => block) : [];
    return readMessage(blocks, this.end, tokenUsage(this.usage.input_tokens, this.usage.output_tokens), {
      ended: this.stopped,
      error: this.error,
    });
  }

  private onData(data: string): void {
    let event: StreamEvent;
    try {
      event = JSON.parse(data) as StreamEvent;
    } catch {
      this.readable = false;
      return;
    }
    const index = event.index ?? 0;
    switch (event.type) {
      case 'message_start':
        event.message?.content?.forEach((block, i) => this.blocks.set(i, { ...block }));
        this.addUsage(event.message?.usage);
        break;
      case 'content_block_start':
        if (event.content_block) this.blocks.set(index, { ...event.content_block });
        else this.readable = false;
        break;
      case 'content_block_delta':
        this.addDelta(index, event.delta ?? {});
        break;
      case 'content_block_stop':
        this.closeBlock(index);
        break;
      case 'message_delta':
        this.end = { stopReason: event.delta?.stop_reason, stopSequence: event.delta?.stop_sequence };
        this.addUsage(event.usage);
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      case 'error':
        this.error = true;
        break;
      // `ping`, and events added later, carry nothing of the message.
    }
  }

  /** Usage counts are running totals: the latest reported wins. */
  private addUsage(usage?: UsageLike): void {
    if (typeof usage?.input_tokens === 'number') this.usage.input_tokens = usage.input_tokens;
    if (typeof usage?.output_tokens === 'number') this.usage.output_tokens = usage.output_tokens;
  }

  private addDelta(index: number, delta: BlockDelta): void {
    const block = this.blocks.get(index);
    if (!block) return void (this.readable = false);
    switch (delta.type) {
      case 'text_delta':
        block.text = `${(block.text as string | undefined) ?? ''}${delta.text ?? ''}`;
        break;
      case 'citations_delta':
        block.citations = [...((block.citations as unknown[] | null | undefined) ?? []), delta.citation];
        break;
      case 'input_json_delta':
        this.inputs.set(index, `${this.inputs.get(index) ?? ''}${delta.partial_json ?? ''}`);
        break;
      case 'thinking_delta':
        block.thinking = `${(block.thinking as string | undefined) ?? ''}${delta.thinking ?? ''}`;
        break;
      case 'signature_delta':
        block.signature = delta.signature;
        break;
      default:
        this.readable = false;
    }
  }

  /** A tool's input is whole once its block stops: an empty one stays the block's own (`{}`). */
  private closeBlock(index: number): void {
    const json = this.inputs.get(index);
    const block = this.blocks.get(index);
    if (json === undefined || json === '' || !block) return;
    try {
      block.input = JSON.parse(json) as unknown;
    } catch {
      this.readable = false;
    }
  }
}
