import { ConversationShape } from '../conversation-policy';

/** One item of a Responses `input` array: a message (`role`, `content`) or a typed item (`function_call_output`...). */
export interface ResponsesInputItem {
  type?: string;
  role?: string;
  content?: unknown;
  [field: string]: unknown;
}

/** A Responses API `input`: one user message as a string, or a list of items. */
export type ResponsesInput = string | ResponsesInputItem[];

/** Roles that instruct rather than converse: not counted against SEMANTIC_MAX_MESSAGES. */
const INSTRUCTION_ROLES: ReadonlySet<string> = new Set(['system', 'developer']);

/** Content parts that hold text (input, or an earlier answer passed back); any other part is media. */
const TEXT_PARTS: ReadonlySet<string> = new Set(['input_text', 'output_text', 'refusal']);

/** The items of an input, a string read as the one user message it stands for. */
export function inputItems(input: ResponsesInput | undefined): ResponsesInputItem[] {
  if (input === undefined) return [];
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

/** A message item: typed `message`, or the short form with only `role` and `content`. */
export function isMessage(item: ResponsesInputItem): boolean {
  return item.type === 'message' || (item.type === undefined && typeof item.role === 'string');
}

/** Text of a message's content, or undefined when it holds anything but input text (images, files, audio). */
export function inputTextOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content as { type?: unknown; text?: unknown }[];
  if (!parts.every((p) => p?.type === 'input_text' && typeof p.text === 'string')) return undefined;
  return parts.map((p) => p.text).join('\n');
}

/** Whether any message of the input holds an image, a file, audio or another part that is not text. */
export function hasNonText(items: ResponsesInputItem[]): boolean {
  return items.some(
    (item) =>
      isMessage(item) &&
      Array.isArray(item.content) &&
      (item.content as { type?: unknown }[]).some((part) => !TEXT_PARTS.has(String(part?.type))),
  );
}

/**
 * The conversation as the agent-safe semantic policy counts it: messages (instructions not
 * counted; a reference to an earlier item counts as one), and whether a tool took part: a
 * `function_call_output`, or any other tool item (a call, a hosted tool's call with its results).
 */
export function conversationShape(items: ResponsesInputItem[]): ConversationShape {
  const turns = items.filter(
    (item) => item.type === 'item_reference' || (isMessage(item) && !INSTRUCTION_ROLES.has(String(item.role))),
  ).length;
  const toolResults = items.some(
    (item) => !isMessage(item) && item.type !== 'item_reference' && item.type !== 'reasoning',
  );
  return { turns, toolResults };
}
