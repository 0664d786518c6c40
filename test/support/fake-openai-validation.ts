/**
 * The checks OpenAI makes before answering, reduced to what the fake's own answers need: a request
 * the real API would refuse with 400 gets the reason, as OpenAI words it roughly; undefined = valid.
 */
export function openAiRequestError(endpoint: 'chat' | 'embeddings', body: Record<string, unknown>): string | undefined {
  return endpoint === 'chat' ? chatError(body) : embeddingsError(body);
}

const isContent = (content: unknown) =>
  content === undefined || content === null || typeof content === 'string' || Array.isArray(content);

function chatError({ messages }: Record<string, unknown>): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return "'messages' must be a non-empty array";
  const wrong = (messages as unknown[]).findIndex(
    (m) => typeof m !== 'object' || m === null || !isContent((m as { content?: unknown }).content),
  );
  return wrong === -1 ? undefined : `Invalid type for 'messages[${wrong}].content'`;
}

const isTokens = (value: unknown) =>
  Array.isArray(value) && value.length > 0 && value.every((t) => Number.isInteger(t) && t >= 0);

function embeddingsError({ input, dimensions }: Record<string, unknown>): string | undefined {
  const inputs = Array.isArray(input) && !isTokens(input) ? input : [input];
  if (inputs.length === 0 || inputs.length > 2048) return "'input' must hold 1 to 2048 items";
  if (!inputs.every((item) => (typeof item === 'string' && item !== '') || isTokens(item)))
    return "'input' must be a non-empty string, an array of them, or token arrays";
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) >= 1))
    return "'dimensions' must be a positive integer";
  if ((dimensions as number) > 3072) return "'dimensions' must be at most 3072";
  return undefined;
}
