import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ReplayedResolution } from '../../answer-cache/answer-query';
import { replayHeaders } from '../answer-headers';
import { startEventStream } from '../sse';
import { echoedFields, ReplayIds, toResponse } from './response-object';
import { sseOf, toResponseEvents } from './response-events';
import { ResponsesRequestBody } from './responses-request';

/** A fresh response id per replay (no upstream stored it), and the stored message item id when there is one. */
function replayIds(resolution: ReplayedResolution): ReplayIds {
  const suffix = randomBytes(16).toString('hex');
  return { responseId: `resp_cache_${suffix}`, messageId: resolution.answer.itemId ?? `msg_cache_${suffix}` };
}

/** Replays a stored answer in the form the caller asked for: one Response object, or its event stream. */
export async function replayResponses(
  reply: FastifyReply,
  resolution: ReplayedResolution,
  body: ResponsesRequestBody,
  eventDelayMs: number,
): Promise<void> {
  const headers = replayHeaders(resolution);
  const ids = replayIds(resolution);
  const echoed = echoedFields(body);
  if (!body.stream) {
    void reply.headers(headers).send(toResponse(resolution.answer, ids, echoed));
    return;
  }
  reply.hijack();
  startEventStream(reply.raw, headers);
  for (const [i, event] of toResponseEvents(resolution.answer, ids, echoed).entries()) {
    if (eventDelayMs > 0 && i > 0) await new Promise((resolve) => setTimeout(resolve, eventDelayMs));
    if (reply.raw.destroyed) return;
    reply.raw.write(sseOf(event));
  }
  reply.raw.end();
}
