import { ReadAnswer } from '../../common/cached-answer';
import { ContentBlock, readMessage, tokenUsage } from './message-content';

interface MessageLike {
  type?: string;
  error?: unknown;
  content?: unknown;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: { input_tokens?: number | null; output_tokens?: number | null };
}

/** Reads a non-streamed Anthropic `message`: its content blocks, how it ended and its usage. */
export function messageAnswer(body: Buffer): ReadAnswer {
  let message: MessageLike;
  try {
    message = JSON.parse(body.toString('utf8')) as MessageLike;
  } catch {
    return { complete: false };
  }
  if (typeof message !== 'object' || message === null) return { complete: false };
  const blocks = Array.isArray(message.content) ? (message.content as ContentBlock[]) : [];
  return readMessage(
    blocks,
    { stopReason: message.stop_reason, stopSequence: message.stop_sequence },
    tokenUsage(message.usage?.input_tokens, message.usage?.output_tokens),
    { ended: true, error: message.type === 'error' || (message.error !== undefined && message.error !== null) },
  );
}
