import { CachedAnswer, ToolCall } from '../../common/cached-answer';
import { splitText } from '../chat/completion-replay';
import { messageItem, outputItems, outputText, ReplayIds, toResponse } from './response-object';

interface Unnumbered {
  type: string;
  [field: string]: unknown;
}

/** One server-sent event of a Responses stream: its `type` is also its SSE event name. */
export type ResponseEvent = Unnumbered & { sequence_number: number };

/** The events of a message item: added empty, its text in pieces, then done whole. */
function messageEvents(item: ToolCall, index: number): Unnumbered[] {
  const { id, content } = item as { id: string; content: { text: string }[] };
  const text = content[0].text;
  const at = { item_id: id, output_index: index, content_index: 0 };
  return [
    { type: 'response.output_item.added', output_index: index, item: messageItem(id, '', 'in_progress', []) },
    { type: 'response.content_part.added', ...at, part: outputText('') },
    ...splitText(text).map((delta) => ({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: outputText(text) },
    { type: 'response.output_item.done', output_index: index, item },
  ];
}

/** The events of a function call item: added with empty arguments, the arguments in pieces, then done whole. */
function functionCallEvents(item: ToolCall, index: number): Unnumbered[] {
  const call = item as { id?: string; name?: string; arguments?: string };
  const args = call.arguments ?? '';
  const at = { item_id: call.id ?? '', output_index: index };
  return [
    {
      type: 'response.output_item.added',
      output_index: index,
      item: { ...item, arguments: '', status: 'in_progress' },
    },
    ...splitText(args).map((delta) => ({ type: 'response.function_call_arguments.delta', ...at, delta })),
    { type: 'response.function_call_arguments.done', ...at, name: call.name, arguments: args },
    { type: 'response.output_item.done', output_index: index, item },
  ];
}

/**
 * A stored answer as the event sequence the Responses API streams (what the `openai` SDK's
 * accumulator and the Vercel AI SDK parse): `response.created` and `response.in_progress` with an
 * empty output, each item added, its text or arguments in deltas and done, then
 * `response.completed` with the whole response and usage; every event numbered in order.
 */
export function toResponseEvents(
  answer: CachedAnswer,
  ids: ReplayIds,
  echoed: Record<string, unknown>,
): ResponseEvent[] {
  const completed = toResponse(answer, ids, echoed);
  const started = { ...completed, status: 'in_progress', completed_at: null, output: [], usage: null };
  const items = outputItems(answer, ids.messageId).flatMap((item, index) =>
    item.type === 'message' ? messageEvents(item, index) : functionCallEvents(item, index),
  );
  const events: Unnumbered[] = [
    { type: 'response.created', response: started },
    { type: 'response.in_progress', response: started },
    ...items,
    { type: 'response.completed', response: completed },
  ];
  return events.map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

/** One event on the wire, named as OpenAI names it. */
export const sseOf = (event: ResponseEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
