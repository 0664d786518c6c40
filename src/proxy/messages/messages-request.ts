import stringify from 'safe-stable-stringify';
import { normalizeQuestion } from '../../common/normalize-question';
import { sha256 } from '../../common/sha256';
import type { ChatRequestLimits } from '../chat/chat-request';
import { semanticAllowedForConversation } from '../conversation-policy';
import { withoutCacheHints } from './cache-hints';
import type { RequestAnalysis } from '../request-analysis';

/** The parts of an Anthropic Messages request the cache reads; everything else is forwarded untouched. */
export interface MessagesRequestBody {
  model: string;
  messages: AnthropicMessage[];
  stream?: boolean | null;
  temperature?: number | null;
  [parameter: string]: unknown;
}

export interface AnthropicMessage {
  role: string;
  content?: unknown;
  [field: string]: unknown;
}

/** The request headers that select the API's behaviour: relayed upstream, and keyed. */
export interface AnthropicHeaders {
  'anthropic-version': string;
  'anthropic-beta'?: string;
}

/**
 * Version of the messages key schema, hashed into every exact key and semantic context. Bump it
 * when what the key covers changes: every messages entry then cold-starts, deliberately.
 */
export const MESSAGES_KEY_VERSION = 1;

/** Top-level fields that change how an answer is delivered or billed, never what it says: left out of the key. */
export const DELIVERY_ONLY: ReadonlySet<string> = new Set(['stream', 'metadata', 'service_tier']);

/** Block types holding images or files: the semantic layer compares text only. */
const MEDIA_BLOCKS: ReadonlySet<string> = new Set(['image', 'document', 'container_upload']);

type Block = { type?: unknown; text?: unknown; content?: unknown };

const blocksOf = (content: unknown): Block[] =>
  Array.isArray(content) ? (content as Block[]) : typeof content === 'string' ? [{ type: 'text', text: content }] : [];

/** The blocks of every message, and those nested in a `tool_result`. */
const allBlocks = (messages: AnthropicMessage[]): Block[] =>
  messages
    .flatMap((m) => blocksOf(m.content))
    .flatMap((b) => [b, ...(Array.isArray(b?.content) ? blocksOf(b.content) : [])]);

/** Text of a message's content, or undefined when it holds anything but text blocks. */
export function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const blocks = content as Block[];
  if (!blocks.every((b) => b?.type === 'text' && typeof b.text === 'string')) return undefined;
  return blocks.map((b) => b.text).join('\n');
}

/** A tool's output: `tool_result`, and the results of server tools (`web_search_tool_result`...). */
const isToolResult = (block: Block) =>
  typeof block?.type === 'string' && (block.type === 'tool_result' || block.type.endsWith('_tool_result'));

/** The exact hash and semantic context of a request: the canonical form without hints nor delivery-only fields. */
function keysOf(body: MessagesRequestBody, headers: AnthropicHeaders): { exactHash: string; semanticContext: string } {
  const keyed = Object.fromEntries(Object.entries(body).filter(([key]) => !DELIVERY_ONLY.has(key)));
  const canonical = withoutCacheHints(keyed) as MessagesRequestBody;
  const api = stringify(headers) ?? '';
  const { messages, ...parameters } = canonical;
  // Everything the exact key covers but the compared text: the last message's other fields too.
  const { content: _question, ...lastFields } = messages.at(-1) ?? {};
  return {
    exactHash: sha256(`messages.v${MESSAGES_KEY_VERSION}`, api, stringify(canonical) ?? ''),
    semanticContext: sha256(
      `messages.v${MESSAGES_KEY_VERSION}.context`,
      api,
      stringify({ parameters, earlier: messages.slice(0, -1), last: lastFields }) ?? '',
    ),
  };
}

/** What the cache policy reads of the conversation: the compared question, media, tool results. */
function conversationOf(messages: AnthropicMessage[]) {
  const last = messages.at(-1);
  const lastText = last?.role === 'user' ? textOf(last.content) : undefined;
  const blocks = allBlocks(messages);
  return {
    question: lastText === undefined ? undefined : normalizeQuestion(lastText),
    nonText: blocks.some((b) => typeof b?.type === 'string' && MEDIA_BLOCKS.has(b.type)),
    shape: { turns: messages.length, toolResults: blocks.some(isToolResult) },
  };
}

/** Decides how a Messages request may use the cache, and derives its exact key material and semantic partition. */
export function analyzeMessagesRequest(
  body: MessagesRequestBody,
  limits: ChatRequestLimits,
  headers: AnthropicHeaders = { 'anthropic-version': '2023-06-01' },
): RequestAnalysis {
  const { question, nonText, shape } = conversationOf(body.messages);
  const temperature = body.temperature ?? undefined;
  let bypass: string | undefined;
  if (nonText && !limits.cacheNonText) bypass = 'non-text content';
  else if (temperature !== undefined && temperature > limits.maxTemperature)
    bypass = 'temperature above CACHE_MAX_TEMPERATURE';
  // Unset counts as low, as on /v1/chat/completions (whose upstream's default is 1 too).
  const lowTemperature = temperature === undefined || temperature <= limits.semanticMaxTemperature;
  const semanticAllowed =
    !bypass &&
    !nonText &&
    lowTemperature &&
    semanticAllowedForConversation(shape, limits.semanticMaxMessages) &&
    question !== undefined &&
    question.length > 0;
  return { ...keysOf(body, headers), bypass, question, semanticAllowed, coalescable: !bypass && lowTemperature };
}
