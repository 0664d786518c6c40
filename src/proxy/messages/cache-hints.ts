/** The prompt-caching hint: it changes what a request costs, never what it answers. */
const HINT = 'cache_control';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function withoutHint(item: unknown): unknown {
  if (!isObject(item) || !(HINT in item)) return item;
  const { [HINT]: _hint, ...rest } = item;
  return rest;
}

/** A content block without its hint, nor those of the blocks it holds (a `tool_result`'s `content`). */
function blockWithoutHints(block: unknown): unknown {
  const stripped = withoutHint(block);
  if (!isObject(stripped) || !Array.isArray(stripped.content)) return stripped;
  return { ...stripped, content: stripped.content.map(withoutHint) };
}

function messageWithoutHints(message: unknown): unknown {
  if (!isObject(message) || !Array.isArray(message.content)) return message;
  return { ...message, content: message.content.map(blockWithoutHints) };
}

/**
 * The request without its `cache_control` hints, wherever Anthropic takes them: the request itself,
 * `system` blocks, `tools`, message content blocks and the blocks of a `tool_result`. Only those
 * places: a field of that name elsewhere (a property of a tool's input schema, say) is content.
 */
export function withoutCacheHints(body: Json): Json {
  const rest = withoutHint(body) as Json;
  return {
    ...rest,
    ...(Array.isArray(rest.system) && { system: rest.system.map(withoutHint) }),
    ...(Array.isArray(rest.tools) && { tools: rest.tools.map(withoutHint) }),
    ...(Array.isArray(rest.messages) && { messages: rest.messages.map(messageWithoutHints) }),
  };
}
