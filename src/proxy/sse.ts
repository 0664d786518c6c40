import type { ServerResponse } from 'node:http';

/** Starts a Server-Sent Events response the way OpenAI sends streamed completions. */
export function startEventStream(raw: ServerResponse, headers: Record<string, string>): void {
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
}

export function writeEvent(raw: ServerResponse, data: unknown): void {
  raw.write(`data: ${JSON.stringify(data)}\n\n`);
}

/** Ends the stream with OpenAI's terminator. */
export function endEventStream(raw: ServerResponse): void {
  raw.end('data: [DONE]\n\n');
}
