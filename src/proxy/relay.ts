import type { FastifyReply } from 'fastify';
import { RelayedResolution } from '../answer-cache/answer-query';
import { LlmUpstreamError } from '../common/errors/llm.errors';
import { relayHeaders } from './answer-headers';
import { startEventStream } from './sse';

/** Sends an upstream's JSON answer as it came, with the cache's headers. */
export async function relayJson(reply: FastifyReply, resolution: RelayedResolution): Promise<void> {
  const parts: Buffer[] = [];
  try {
    for await (const part of resolution.body) parts.push(part);
  } catch (error) {
    if (error instanceof LlmUpstreamError || (error as Error).name === 'LlmTimeoutError') throw error;
    throw new LlmUpstreamError(`The upstream request failed: ${(error as Error).message}`, undefined, { cause: error });
  }
  void reply
    .headers({ 'content-type': 'application/json', ...relayHeaders(resolution) })
    .send(parts.length === 1 ? parts[0] : Buffer.concat(parts));
}

/** The SSE event reporting, in-band, a stream that broke off after its headers: OpenAI's by default. */
export type StreamErrorEvent = (message: string) => string;

const openAiStreamError: StreamErrorEvent = (message) =>
  `data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`;

/**
 * Relays an upstream's SSE bytes as they come (nothing re-encoded on the way to the first byte).
 * A client that leaves stops its reading at once; the upstream call ends when nobody reads it.
 * A failure once the headers are sent is reported in-band, as `errorEvent` writes it for the protocol.
 */
export async function relayStream(
  reply: FastifyReply,
  resolution: RelayedResolution,
  errorEvent: StreamErrorEvent = openAiStreamError,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  let finished = false;
  raw.on('close', () => finished || resolution.body.cancel());
  startEventStream(raw, relayHeaders(resolution));
  let tail = '\n\n';
  try {
    for await (const bytes of resolution.body) {
      if (raw.destroyed) return;
      raw.write(bytes);
      tail = bytes.subarray(-2).toString('latin1');
    }
  } catch (error) {
    // Headers are gone: end any half-sent event, then report in-band as the API does.
    const endOfEvent = tail === '\n\n' ? '' : tail.endsWith('\n') ? '\n' : '\n\n';
    if (!raw.destroyed) raw.end(`${endOfEvent}${errorEvent((error as Error).message)}`);
    return;
  }
  finished = true;
  raw.end();
}
