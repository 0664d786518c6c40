import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request the fake answered outside chat, embeddings and the model list, as it arrived. */
export interface ReceivedRequest {
  method: string;
  /** Path and query string, e.g. `/v1/models/gpt-x?verbose=1`. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A file the fake's `POST /v1/files` read out of the multipart body. */
export interface ReceivedFile {
  filename: string;
  purpose: string;
  content: Buffer;
}

/**
 * The routes of the OpenAI API the proxy only forwards, faked: a model by id, moderations,
 * completions (JSON and SSE), files (multipart upload, binary content, deletion); anything else is
 * OpenAI's own 404. Every request is recorded with its body bytes, so tests can check what arrived.
 */
export class FakeOtherRoutes {
  readonly received: ReceivedRequest[] = [];
  readonly files: ReceivedFile[] = [];
  /** The bytes `GET /v1/files/{id}/content` answers. */
  fileContent = Buffer.from([0, 1, 2, 254, 255, 10, 13]);
  /** Streamed completions whose client (the service) hung up before the end. */
  abandonedStreams = 0;
  private streamGate?: Promise<void>;
  private failures = 0;
  private failureStatus = 503;

  /** The next `times` requests answer `status` with OpenAI's error body (and retry hints). */
  failNext(status: number, times = 1): void {
    this.failureStatus = status;
    this.failures = times;
  }

  /** The next streamed completion sends its first chunk, then waits until the returned function is called. */
  holdStreamAfterFirstChunk(): () => void {
    let open!: () => void;
    this.streamGate = new Promise<void>((resolve) => (open = resolve));
    return open;
  }

  reset(): void {
    this.received.length = 0;
    this.files.length = 0;
    this.streamGate = undefined;
    this.failures = 0;
    this.abandonedStreams = 0;
  }

  async handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
    const parts: Buffer[] = [];
    for await (const chunk of req) parts.push(chunk as Buffer);
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts) };
    this.received.push(request);
    const own = { ...headers, 'x-request-id': `req_other_${this.received.length}` };
    const send = (status: number, body: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json', ...own }).end(JSON.stringify(body));
    if (this.failures > 0) {
      this.failures--;
      const error = { message: `injected ${this.failureStatus}`, type: 'server_error', param: null, code: null };
      return void res
        .writeHead(this.failureStatus, { 'content-type': 'application/json', 'retry-after': '0', ...own })
        .end(JSON.stringify({ error }));
    }
    const path = request.url.split('?')[0];
    const route = `${request.method} ${path.replace(/^\/v1\/(models|files)\/[^/]+/, '/v1/$1/{id}')}`;
    switch (route) {
      case 'GET /v1/models/{id}':
        return send(200, { id: path.split('/').at(-1), object: 'model', created: 1, owned_by: 'fake' });
      case 'POST /v1/moderations':
        return send(200, moderation(request.body));
      case 'POST /v1/completions':
        return this.completion(res, own, request.body);
      case 'POST /v1/files': {
        const file = await this.upload(request).catch(() => undefined);
        if (file) return send(200, file);
        return send(400, { error: { message: 'Expected a multipart file', type: 'invalid_request_error' } });
      }
      case 'GET /v1/files/{id}/content':
        res.writeHead(200, { 'content-type': 'application/octet-stream', ...own }).end(this.fileContent);
        return;
      case 'DELETE /v1/files/{id}':
        return send(200, { id: path.split('/').at(-1), object: 'file', deleted: true });
      default:
        return send(404, {
          error: {
            message: `Invalid URL (${request.method} ${path})`,
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        });
    }
  }

  private async completion(res: ServerResponse, headers: Record<string, string>, raw: Buffer): Promise<void> {
    const body = JSON.parse(raw.toString()) as { model: string; prompt: string; stream?: boolean };
    const text = ` completed: ${body.prompt}`;
    const base = { id: `cmpl-${this.received.length}`, object: 'text_completion', created: 1, model: body.model };
    const choice = (piece: string, finish: string | null) => ({
      text: piece,
      index: 0,
      logprobs: null,
      finish_reason: finish,
    });
    if (!body.stream) {
      const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ ...base, choices: [choice(text, 'stop')], usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
    res.on('close', () => res.writableEnded || this.abandonedStreams++);
    const half = Math.ceil(text.length / 2);
    res.write(`data: ${JSON.stringify({ ...base, choices: [choice(text.slice(0, half), null)] })}\n\n`);
    const gate = this.streamGate;
    this.streamGate = undefined;
    await gate;
    res.write(`data: ${JSON.stringify({ ...base, choices: [choice(text.slice(half), 'stop')] })}\n\n`);
    res.end('data: [DONE]\n\n');
  }

  /** Reads the multipart body as OpenAI would; rejects when it is not multipart with a file. */
  private async upload(request: ReceivedRequest): Promise<Record<string, unknown>> {
    const form = await new Response(request.body, {
      headers: { 'content-type': String(request.headers['content-type']) },
    }).formData();
    const file = form.get('file');
    if (!(file instanceof File)) throw new Error('no file');
    const received = {
      filename: file.name,
      purpose: form.get('purpose') as string,
      content: Buffer.from(await file.arrayBuffer()),
    };
    this.files.push(received);
    return {
      id: `file-${this.files.length}`,
      object: 'file',
      bytes: received.content.length,
      created_at: 1,
      filename: received.filename,
      purpose: received.purpose,
      status: 'processed',
    };
  }
}

function moderation(raw: Buffer): Record<string, unknown> {
  const body = JSON.parse(raw.toString()) as { input: string; model?: string };
  const flagged = body.input.includes('hate');
  return {
    id: 'modr-1',
    model: body.model ?? 'omni-moderation-latest',
    results: [{ flagged, categories: { hate: flagged }, category_scores: { hate: flagged ? 0.9 : 0.01 } }],
  };
}
