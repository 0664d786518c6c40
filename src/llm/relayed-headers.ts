import type { IncomingHttpHeaders } from 'node:http';

// content-encoding: the service asks for none, but a body an upstream compressed anyway must say so.
const RELAYED = new Set([
  'content-type',
  'content-disposition',
  'content-encoding',
  'x-request-id',
  'request-id',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
]);
const RELAYED_PREFIXES = ['openai-', 'x-ratelimit-', 'anthropic-'];

/**
 * The upstream headers a caller's OpenAI or Anthropic client reads: its retry hints (retry-after,
 * x-should-retry), rate limits (`anthropic-ratelimit-*` too), request id (Anthropic's `request-id`)
 * and the file name of a forwarded download (content-disposition). Hop-by-hop and length headers are the service's own; an upstream's
 * x-cache headers must never pass for ours.
 */
export function relayedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const relayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (RELAYED.has(name) || RELAYED_PREFIXES.some((prefix) => name.startsWith(prefix)))
      relayed[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return relayed;
}
