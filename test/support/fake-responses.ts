/**
 * The fake upstream's Responses API (`POST /v1/responses`): the bodies and events OpenAI sends,
 * written apart from the service's own replay code so that tests compare the two.
 */

/** One Responses `function_call` output item. */
export interface FakeFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'completed';
}

/** What one fake Response holds and how it ended. */
export interface FakeResponseSpec {
  id: string;
  model: unknown;
  /** The message's text; null = no message item (function calls only). */
  text: string | null;
  functionCalls: FakeFunctionCall[];
  /** Chat's finish reasons mapped onto a Response: `length` and `content_filter` → `incomplete`, `failed` → `failed`. */
  finishReason: string;
  inputTokens: number;
  /** Text pieces of the streamed deltas. */
  pieces: string[];
}

/** The question a request asks: its string input, or the text of its last item. */
export function questionOfInput(input: unknown): string {
  if (typeof input === 'string') return input;
  const last = Array.isArray(input) ? (input.at(-1) as { content?: unknown } | undefined) : undefined;
  if (typeof last?.content === 'string') return last.content;
  if (!Array.isArray(last?.content)) return '';
  return (last.content as { text?: string }[]).map((part) => part.text ?? '').join('\n');
}

/** Chat-shaped tool calls as the Responses API's function call items. */
export function functionCallsOf(
  toolCalls: { id: string; function: { name: string; arguments: string } }[] = [],
): FakeFunctionCall[] {
  return toolCalls.map(({ id, function: { name, arguments: args } }) => ({
    type: 'function_call',
    id: `fc_${id}`,
    call_id: id,
    name,
    arguments: args,
    status: 'completed',
  }));
}

const part = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });
const message = (id: string, text: string, status = 'completed', content = [part(text)]) => ({
  id,
  type: 'message',
  status,
  role: 'assistant',
  content,
});

function statusOf(finishReason: string) {
  if (finishReason === 'failed')
    return { status: 'failed', error: { code: 'server_error', message: 'The model failed' }, incomplete_details: null };
  if (finishReason === 'length' || finishReason === 'content_filter') {
    const reason = finishReason === 'length' ? 'max_output_tokens' : 'content_filter';
    return { status: 'incomplete', error: null, incomplete_details: { reason } };
  }
  return { status: 'completed', error: null, incomplete_details: null };
}

/** The Response object, as a non-streamed call returns it and `response.completed` carries it. */
export function fakeResponse(spec: FakeResponseSpec): Record<string, unknown> {
  const text = spec.text ?? '';
  return {
    id: spec.id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: spec.model,
    ...statusOf(spec.finishReason),
    output: [
      { id: `rs_${spec.id}`, type: 'reasoning', summary: [] },
      ...(spec.text === null ? [] : [message(`msg_${spec.id}`, text)]),
      ...spec.functionCalls,
    ],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    temperature: 1,
    top_p: 1,
    usage: {
      input_tokens: spec.inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: text.length,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: spec.inputTokens + text.length,
    },
  };
}

/** Events of one output item at `index`: added, deltas, done. */
function itemEvents(item: Record<string, unknown>, index: number, pieces: string[]): Record<string, unknown>[] {
  const at = { item_id: item.id, output_index: index };
  const added = { type: 'response.output_item.added', output_index: index };
  const done = { type: 'response.output_item.done', output_index: index, item };
  if (item.type === 'reasoning') return [{ ...added, item }, done];
  if (item.type === 'function_call') {
    const args = item.arguments as string;
    const half = Math.ceil(args.length / 2);
    return [
      { ...added, item: { ...item, arguments: '', status: 'in_progress' } },
      ...[args.slice(0, half), args.slice(half)].map((delta) => ({
        type: 'response.function_call_arguments.delta',
        ...at,
        delta,
      })),
      { type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: args },
      done,
    ];
  }
  const text = (item.content as { text: string }[])[0].text;
  const inPart = { ...at, content_index: 0 };
  return [
    { ...added, item: message(item.id as string, '', 'in_progress', []) },
    { type: 'response.content_part.added', ...inPart, part: part('') },
    ...pieces.map((delta) => ({ type: 'response.output_text.delta', ...inPart, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...inPart, text, logprobs: [] },
    { type: 'response.content_part.done', ...inPart, part: part(text) },
    done,
  ];
}

/** The events OpenAI streams for this Response, numbered; `error` as finish reason ends with an `error` event instead. */
export function fakeResponseEvents(spec: FakeResponseSpec): Record<string, unknown>[] {
  const final = fakeResponse(spec);
  const started = { ...final, status: 'in_progress', error: null, incomplete_details: null, output: [], usage: null };
  const items = (final.output as Record<string, unknown>[]).flatMap((item, index) =>
    itemEvents(item, index, spec.pieces),
  );
  const terminal =
    spec.finishReason === 'error'
      ? { type: 'error', code: 'server_error', message: 'The model failed', param: null }
      : { type: `response.${String((final as { status: string }).status)}`, response: final };
  return [
    { type: 'response.created', response: started },
    { type: 'response.in_progress', response: started },
    ...items,
    terminal,
  ].map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

/** One event on the wire, named as OpenAI names it. */
export const fakeSseOf = (event: Record<string, unknown>) =>
  `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
