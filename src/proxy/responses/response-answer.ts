import { ReadAnswer, StorableAnswer, ToolCall } from '../../common/cached-answer';

/** An output item of a Response: a `message`, a `function_call`, `reasoning`, a hosted tool's call... */
export interface OutputItemLike {
  type?: string;
  id?: string;
  content?: { type?: string; text?: unknown; annotations?: unknown[] }[];
  [field: string]: unknown;
}

/** The fields of a Response object (JSON, or the `response` of a stream's last event) the cache reads. */
export interface ResponseLike {
  status?: string;
  error?: unknown;
  incomplete_details?: { reason?: string } | null;
  output?: OutputItemLike[];
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number } | null;
}

/** What the output items hold, if the cache can replay them: one message's text, and function calls. */
interface ReadOutput {
  text: string;
  itemId?: string;
  toolCalls: ToolCall[];
  refusal: boolean;
}

/** A message's text and refusal, or undefined when it holds more than one plain text part. */
function readMessage(item: OutputItemLike): Omit<ReadOutput, 'toolCalls'> | undefined {
  const parts = item.content ?? [];
  const texts = parts.filter((part) => part.type === 'output_text');
  if (parts.some((part) => part.type !== 'output_text' && part.type !== 'refusal')) return undefined;
  if (texts.length > 1 || texts.some((part) => typeof part.text !== 'string' || part.annotations?.length))
    return undefined;
  const text = texts.length === 1 ? (texts[0].text as string) : '';
  return { text, itemId: item.id ?? '', refusal: parts.some((part) => part.type === 'refusal') };
}

/**
 * Reads the output items. Reasoning items are left out of the answer (a replay carries none);
 * anything a replay could not give back as it came (another tool's item, annotations, several
 * messages or text parts) makes the output unreadable: undefined.
 */
function readOutput(output: OutputItemLike[]): ReadOutput | undefined {
  let read: ReadOutput = { text: '', toolCalls: [], refusal: false };
  for (const item of output) {
    if (item.type === 'reasoning') continue;
    if (item.type === 'function_call') {
      read.toolCalls.push(item);
      continue;
    }
    const message = item.type === 'message' && read.itemId === undefined ? readMessage(item) : undefined;
    if (!message) return undefined;
    read = { ...read, ...message };
  }
  return read;
}

/** `incomplete` answers were cut off (max_output_tokens) or withheld (content_filter): the write gates' finish reasons. */
const finishReasonOf = (response: ResponseLike) =>
  response.status === 'incomplete'
    ? response.incomplete_details?.reason === 'content_filter'
      ? 'content_filter'
      : 'length'
    : 'stop';

/**
 * Reads a Response: its text and function calls (in their native item form), finish reason, usage,
 * and whether it failed or refused. Whether to store it is the write gates' call.
 */
export function readResponse(response: ResponseLike): ReadAnswer {
  const output = Array.isArray(response.output) ? readOutput(response.output) : undefined;
  const read = {
    complete: response.status === 'completed' || response.status === 'incomplete',
    error: (response.error !== undefined && response.error !== null) || response.status === 'failed',
    refusal: output?.refusal ?? false,
  };
  if (!output || (output.text.length === 0 && output.toolCalls.length === 0)) return read;
  const usage = response.usage;
  const answer: StorableAnswer = {
    answer: output.text,
    finishReason: finishReasonOf(response),
    tokens: usage?.output_tokens ?? 0,
    usage: usage
      ? { prompt: usage.input_tokens, completion: usage.output_tokens, total: usage.total_tokens }
      : undefined,
    ...(output.toolCalls.length > 0 && { toolCalls: output.toolCalls }),
    ...(output.itemId && { itemId: output.itemId }),
  };
  return { ...read, answer };
}

/** Reads a non-streamed Response body; unparseable JSON is an incomplete answer. */
export function responseAnswer(body: Buffer): ReadAnswer {
  try {
    return readResponse(JSON.parse(body.toString('utf8')) as ResponseLike);
  } catch {
    return { complete: false };
  }
}
