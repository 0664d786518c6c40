import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ReplayedResolution } from '../../answer-cache/answer-query';
import { replayHeaders } from '../answer-headers';
import { startEventStream } from '../sse';
import { sseOf, toMessage, toMessageEvents } from './message-replay';
import { MessagesRequestBody } from './messages-request';

/** A fresh message id per replay, marked as the cache's. */
const messageId = () => `msg_cache_${randomBytes(12).toString('hex')}`;

/** Replays a stored answer in the form the caller asked for: one JSON message, or its event stream. */
export async function replayMessages(
  reply: FastifyReply,
  resolution: ReplayedResolution,
  body: MessagesRequestBody,
  eventDelayMs: number,
): Promise<void> {
  const own = replayHeaders(resolution);
  // Anthropic clients read `request-id` (`_request_id`); OpenAI's `x-request-id` is kept beside it.
  const headers = { ...own, 'request-id': own['x-request-id'] };
  if (!body.stream) {
    void reply.headers(headers).send(toMessage(resolution.answer, messageId()));
    return;
  }
  reply.hijack();
  startEventStream(reply.raw, headers);
  for (const [i, event] of toMessageEvents(resolution.answer, messageId()).entries()) {
    if (eventDelayMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, eventDelayMs));
    if (reply.raw.destroyed) return;
    reply.raw.write(sseOf(event));
  }
  reply.raw.end();
}
