import { createParser, EventSourceParser } from 'eventsource-parser';
import { AnswerReader, ReadAnswer } from '../../common/cached-answer';
import { OutputItemLike, readResponse, ResponseLike } from './response-answer';

interface EventLike {
  type?: string;
  output_index?: number;
  item?: OutputItemLike;
  response?: ResponseLike;
}

/** The events that end a Responses stream, with the whole response (status, usage) in them. */
const TERMINAL: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Rebuilds the answer of a streamed Response from the SSE bytes relayed to the caller, so that it
 * can be cached once the stream has ended: each output item as its `response.output_item.done`
 * event gave it whole, the status and usage from the last event. It is complete once
 * `response.completed` (or `response.incomplete`) came; `response.failed` or an `error` event is an
 * error; an unreadable event leaves no answer. The items are then judged as a JSON Response's are.
 */
export class ResponsesStreamAssembler implements AnswerReader {
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser = createParser({ onEvent: ({ data }) => this.onData(data) });
  private readonly items: OutputItemLike[] = [];
  private terminal?: ResponseLike;
  private readable = true;
  private error = false;

  /** Bytes as they came from the upstream; events may be split anywhere, even inside a character. */
  feed(bytes: Uint8Array): void {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
  }

  result(): ReadAnswer {
    if (!this.terminal) return { complete: false, error: this.error };
    // The items as streamed; a last event that carries its own output is the fallback.
    const items = this.items.filter((item) => item !== undefined);
    const output = items.length > 0 ? items : this.terminal.output;
    const read = readResponse({ ...this.terminal, output });
    const error = read.error === true || this.error;
    return this.readable ? { ...read, error } : { complete: read.complete, error, refusal: read.refusal };
  }

  private onData(data: string): void {
    let event: EventLike;
    try {
      event = JSON.parse(data) as EventLike;
    } catch {
      this.readable = false;
      return;
    }
    if (event.type === 'error') this.error = true;
    else if (event.type === 'response.output_item.done' && event.item && typeof event.output_index === 'number')
      this.items[event.output_index] = event.item;
    else if (event.type !== undefined && TERMINAL.has(event.type) && event.response) this.terminal = event.response;
  }
}
