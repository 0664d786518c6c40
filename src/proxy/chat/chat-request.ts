import stringify from 'safe-stable-stringify';
import { normalizeQuestion } from '../../common/normalize-question';
import { sha256 } from '../../common/sha256';
import { semanticAllowedForConversation } from '../conversation-policy';
import type { RequestAnalysis } from '../request-analysis';

/** The parts of an OpenAI chat request the cache reads; everything else is forwarded untouched. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  n?: number | null;
  temperature?: number | null;
  [parameter: string]: unknown;
}

export interface ChatMessage {
  role: string;
  content?: unknown;
  [field: string]: unknown;
}

/**
 * Version of the chat key schema, hashed into every exact key and semantic context. Bump it when
 * what the key covers changes (say, a field moves in or out of {@link DELIVERY_ONLY}): every chat
 * entry then cold-starts, deliberately, rather than answering under a policy it was not stored by.
 */
export const CHAT_KEY_VERSION = 2;

/**
 * The allow-list of fields that change how an answer is delivered or billed, never what it says:
 * the only top-level fields the exact key leaves out. Every other field, at any depth, is keyed.
 */
export const DELIVERY_ONLY: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'service_tier',
  'safety_identifier',
  'prompt_cache_key',
]);

export interface ChatRequestLimits {
  /** Requests above this temperature are not cached at all. */
  maxTemperature: number;
  /** Requests above this temperature skip the semantic layer. */
  semanticMaxTemperature: number;
  /** Cache requests with non-text content (exact layer only) instead of forwarding them uncached. */
  cacheNonText: boolean;
  /** Longest conversation (system and developer messages not counted) the semantic layer serves. */
  semanticMaxMessages: number;
}

/** Roles that instruct rather than converse: not counted against SEMANTIC_MAX_MESSAGES. */
const INSTRUCTION_ROLES: ReadonlySet<string> = new Set(['system', 'developer']);

/** Roles whose message carries a tool's output. */
const TOOL_RESULT_ROLES: ReadonlySet<string> = new Set(['tool', 'function']);

/** Text of a message's content, or undefined when it holds anything but text (images, audio, files). */
export function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content as { type?: unknown; text?: unknown }[];
  if (!parts.every((p) => p?.type === 'text' && typeof p.text === 'string')) return undefined;
  return parts.map((p) => p.text).join('\n');
}

/** Decides how a chat request may use the cache, and derives its exact key material and semantic partition. */
export function analyzeChatRequest(body: ChatRequestBody, limits: ChatRequestLimits): RequestAnalysis {
  const canonical = Object.fromEntries(Object.entries(body).filter(([key]) => !DELIVERY_ONLY.has(key)));
  const exactHash = sha256(`chat.v${CHAT_KEY_VERSION}`, stringify(canonical) ?? '');
  const last = body.messages.at(-1);
  const lastText = last?.role === 'user' ? textOf(last.content) : undefined;
  const { messages, ...parameters } = canonical as ChatRequestBody;
  // Everything the exact key covers but the compared text: the last message's other fields too.
  const { content: _question, ...lastFields } = messages.at(-1) ?? {};
  const semanticContext = sha256(
    `chat.v${CHAT_KEY_VERSION}.context`,
    stringify({ parameters, earlier: messages.slice(0, -1), last: lastFields }) ?? '',
  );
  const temperature = body.temperature ?? undefined;

  const nonText = body.messages.some(
    (m) => m.content !== undefined && m.content !== null && textOf(m.content) === undefined,
  );
  let bypass: string | undefined;
  if ((body.n ?? 1) > 1) bypass = 'n > 1';
  else if (nonText && !limits.cacheNonText) bypass = 'non-text content';
  else if (temperature !== undefined && temperature > limits.maxTemperature)
    bypass = 'temperature above CACHE_MAX_TEMPERATURE';

  const question = lastText === undefined ? undefined : normalizeQuestion(lastText);
  const conversation = {
    turns: body.messages.filter((m) => !INSTRUCTION_ROLES.has(m.role)).length,
    toolResults: body.messages.some((m) => TOOL_RESULT_ROLES.has(m.role)),
  };
  const semanticAllowed =
    !bypass &&
    !nonText &&
    semanticAllowedForConversation(conversation, limits.semanticMaxMessages) &&
    question !== undefined &&
    question.length > 0 &&
    (temperature === undefined || temperature <= limits.semanticMaxTemperature);
  const coalescable = !bypass && (temperature === undefined || temperature <= limits.semanticMaxTemperature);
  return { bypass, exactHash, question, semanticContext, semanticAllowed, coalescable };
}
