import stringify from 'safe-stable-stringify';
import { normalizeQuestion } from '../../common/normalize-question';
import { sha256 } from '../../common/sha256';
import { semanticAllowedForConversation } from '../conversation-policy';
import {
  conversationShape,
  hasNonText,
  inputItems,
  inputTextOf,
  isMessage,
  ResponsesInput,
  ResponsesInputItem,
} from './responses-input';
import type { RequestAnalysis } from '../request-analysis';

/** The parts of a Responses API request the cache reads; everything else is forwarded untouched. */
export interface ResponsesRequestBody {
  model?: string;
  input?: ResponsesInput;
  stream?: boolean | null;
  temperature?: number | null;
  background?: boolean | null;
  previous_response_id?: string | null;
  conversation?: unknown;
  prompt?: { id?: string; version?: string | null } | null;
  [parameter: string]: unknown;
}

/**
 * Version of the Responses key schema, hashed into every exact key and semantic context. Bump it
 * when what the key covers changes (a field in or out of {@link RESPONSES_DELIVERY_ONLY}): every
 * Responses entry then cold-starts, deliberately, rather than answering under an older policy.
 */
export const RESPONSES_KEY_VERSION = 1;

/**
 * The allow-list of fields that change how an answer is delivered or billed, never what it says:
 * the only top-level fields the exact key leaves out. Every other field, at any depth, is keyed.
 */
export const RESPONSES_DELIVERY_ONLY: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'service_tier',
  'safety_identifier',
  'prompt_cache_key',
]);

export interface ResponsesRequestLimits {
  /** Requests above this temperature are not cached at all. */
  maxTemperature: number;
  /** Requests above this temperature skip the semantic layer (and are not coalesced). */
  semanticMaxTemperature: number;
  /** Cache requests with non-text input (exact layer only) instead of forwarding them uncached. */
  cacheNonText: boolean;
  /** Longest conversation (system and developer messages not counted) the semantic layer serves. */
  semanticMaxMessages: number;
}

/** Why a request must reach the upstream uncached, if it must: its answer depends on state the upstream holds, or on chance. */
function bypassOf(body: ResponsesRequestBody, nonText: boolean, limits: ResponsesRequestLimits): string | undefined {
  if (body.previous_response_id) return 'previous_response_id';
  if (body.background === true) return 'background';
  if (body.conversation !== undefined && body.conversation !== null) return 'conversation';
  if (body.prompt && (body.prompt.version === undefined || body.prompt.version === null))
    return 'prompt template without a version';
  if (nonText && !limits.cacheNonText) return 'non-text content';
  const temperature = body.temperature ?? undefined;
  if (temperature !== undefined && temperature > limits.maxTemperature)
    return 'temperature above CACHE_MAX_TEMPERATURE';
  return undefined;
}

/** The text the semantic layer compares: the last item's, when it is a user message of text only. */
function questionOf(last: ResponsesInputItem | undefined): string | undefined {
  if (!last || !isMessage(last) || last.role !== 'user') return undefined;
  const text = inputTextOf(last.content);
  return text === undefined ? undefined : normalizeQuestion(text);
}

/** Decides how a Responses request may use the cache, and derives its exact key material and semantic partition. */
export function analyzeResponsesRequest(body: ResponsesRequestBody, limits: ResponsesRequestLimits): RequestAnalysis {
  const canonical = Object.fromEntries(Object.entries(body).filter(([key]) => !RESPONSES_DELIVERY_ONLY.has(key)));
  const exactHash = sha256(`responses.v${RESPONSES_KEY_VERSION}`, stringify(canonical) ?? '');
  const items = inputItems(body.input);
  const { input: _input, ...parameters } = canonical;
  // Everything the exact key covers but the compared text: the last item's other fields too.
  const { content: _question, ...lastFields } = items.at(-1) ?? {};
  const semanticContext = sha256(
    `responses.v${RESPONSES_KEY_VERSION}.context`,
    stringify({ parameters, earlier: items.slice(0, -1), last: lastFields }) ?? '',
  );

  const nonText = hasNonText(items);
  const bypass = bypassOf(body, nonText, limits);
  const temperature = body.temperature ?? undefined;
  const lowTemperature = temperature === undefined || temperature <= limits.semanticMaxTemperature;
  const question = questionOf(items.at(-1));
  const conversation = conversationShape(items);
  // Single-turn only: a Responses conversation usually continues upstream state (stored items,
  // reasoning), so only a lone question is safe to answer with a look-alike's answer.
  const semanticAllowed =
    !bypass &&
    !nonText &&
    lowTemperature &&
    question !== undefined &&
    question.length > 0 &&
    conversation.turns === 1 &&
    semanticAllowedForConversation(conversation, limits.semanticMaxMessages);
  return { bypass, exactHash, question, semanticContext, semanticAllowed, coalescable: !bypass && lowTemperature };
}
