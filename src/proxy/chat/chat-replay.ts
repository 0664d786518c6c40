import type { FastifyReply } from 'fastify';
import { ReplayedResolution } from '../../answer-cache/answer-query';
import { replayHeaders } from '../answer-headers';
import { endEventStream, startEventStream, writeEvent } from '../sse';
import { ChatRequestBody } from './chat-request';
import { toChatChunks, toChatCompletion } from './completion-replay';

/** Replays a stored answer in the form the caller asked for: one JSON completion, or a stream of chunks. */
export async function replayChat(
  reply: FastifyReply,
  resolution: ReplayedResolution,
  body: ChatRequestBody,
  chunkDelayMs: number,
): Promise<void> {
  const id = `chatcmpl-cache-${resolution.key.slice(-24)}`;
  const headers = replayHeaders(resolution);
  if (!body.stream) {
    void reply.headers(headers).send(toChatCompletion(resolution.answer, id));
    return;
  }
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  reply.hijack();
  startEventStream(reply.raw, headers);
  for (const [i, chunk] of toChatChunks(resolution.answer, id, includeUsage).entries()) {
    if (chunkDelayMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
    if (reply.raw.destroyed) return;
    writeEvent(reply.raw, chunk);
  }
  endEventStream(reply.raw);
}
