import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the fake's chat answers look like (see ChatAnswerShape), read the Anthropic way. */
export interface AnthropicAnswerShape {
  /** `stop_reason`; default `tool_use` with tool calls, else `end_turn`. */
  finishReason?: string;
  /** Sent as `tool_use` blocks, `arguments` parsed into `input`. */
  toolCalls?: { id: string; function: { name: string; arguments: string } }[];
}

/** The API version the fake requires, as the real API requires one. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** The text of an Anthropic message's content: a string, or its text blocks joined. */
export function anthropicQuestion(body: Record<string, unknown>): string {
  const content = (body.messages as { content?: unknown }[] | undefined)?.at(-1)?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { type?: string; text?: string }[])
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('\n');
}

/** Why the fake refuses a request before answering it, in Anthropic's shape; undefined to answer it. */
export function anthropicRefusal(
  req: IncomingMessage,
  validKeys?: ReadonlySet<string>,
): { status: number; body: unknown } | undefined {
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string' || (validKeys && !validKeys.has(key)))
    return { status: 401, body: anthropicErrorBody(401, 'invalid x-api-key') };
  if (req.headers['anthropic-version'] === undefined)
    return { status: 400, body: anthropicErrorBody(400, 'anthropic-version: header is required') };
  return undefined;
}

export function anthropicErrorBody(status: number, message: string): unknown {
  const type =
    status === 401
      ? 'authentication_error'
      : status === 529
        ? 'overloaded_error'
        : status >= 500
          ? 'api_error'
          : 'invalid_request_error';
  return { type: 'error', error: { type, message } };
}

function blocksOf(answer: string | null, shape: AnthropicAnswerShape): Record<string, unknown>[] {
  return [
    ...(answer ? [{ type: 'text', text: answer }] : []),
    ...(shape.toolCalls ?? []).map(({ id, function: fn }) => ({
      type: 'tool_use',
      id,
      name: fn.name,
      input: JSON.parse(fn.arguments) as unknown,
    })),
  ];
}

/** The `message` the Anthropic API answers, with usage counted in characters. */
export function anthropicMessage(
  body: Record<string, unknown>,
  answer: string | null,
  shape: AnthropicAnswerShape,
  id: string,
): Record<string, unknown> {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: blocksOf(answer, shape),
    stop_reason: shape.finishReason ?? (shape.toolCalls ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { input_tokens: anthropicQuestion(body).length, output_tokens: answer?.length ?? 0 },
  };
}

const event = (data: { type: string } & Record<string, unknown>) =>
  `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

/** The same message as the SSE events Anthropic streams, text in `pieces`, tool inputs in two JSON halves. */
export function anthropicEvents(message: Record<string, unknown>, pieces: (text: string) => string[]): string[] {
  const { content, stop_reason, stop_sequence, usage, ...rest } = message as {
    content: Record<string, unknown>[];
    stop_reason: string;
    stop_sequence: null;
    usage: { input_tokens: number; output_tokens: number };
  };
  const blocks = content.flatMap((block, index) => {
    const delta = (d: Record<string, unknown>) => event({ type: 'content_block_delta', index, delta: d });
    const json = JSON.stringify(block.input);
    const half = Math.ceil((json?.length ?? 0) / 2);
    const [start, deltas] =
      block.type === 'text'
        ? [{ type: 'text', text: '' }, pieces(block.text as string).map((text) => delta({ type: 'text_delta', text }))]
        : [
            { ...block, input: {} },
            [json.slice(0, half), json.slice(half)].map((partial_json) =>
              delta({ type: 'input_json_delta', partial_json }),
            ),
          ];
    return [
      event({ type: 'content_block_start', index, content_block: start }),
      ...deltas,
      event({ type: 'content_block_stop', index }),
    ];
  });
  return [
    event({
      type: 'message_start',
      message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    }),
    event({ type: 'ping' }),
    ...blocks,
    event({
      type: 'message_delta',
      delta: { stop_reason, stop_sequence },
      usage: { output_tokens: usage.output_tokens },
    }),
    event({ type: 'message_stop' }),
  ];
}

/** How the fake paces and breaks a stream (its paceStream and dropNextStreamAfter controls). */
export interface StreamControls {
  pauseMs: number;
  /** Break the connection after this many events. */
  dropAfter?: number;
  /** The client hung up before the end. */
  onAbandoned: () => void;
  /** Each event as written. */
  onWritten: (event: string) => void;
}

/** Writes `events` as an SSE answer, paced and broken off as `controls` say. */
export async function writeEvents(
  res: ServerResponse,
  headers: Record<string, string>,
  events: string[],
  controls: StreamControls,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
  for (const [i, text] of events.entries()) {
    if (controls.dropAfter !== undefined && i >= controls.dropAfter) {
      // Let the events sent so far reach the client, then break the connection.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (res.destroyed) return controls.onAbandoned();
    controls.onWritten(text);
    res.write(text);
    await new Promise((resolve) => setTimeout(resolve, controls.pauseMs));
  }
  res.end();
}
