import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

type Endpoint = 'chat' | 'embeddings';

interface Fault {
  status: number;
  times: number;
}

/** The deterministic answer the fake LLM gives, so tests can predict it. */
export const fakeAnswer = (question: string) => `Fake answer to: ${question}`;

/** Deterministic 64-d vector: a bag of characters, so questions sharing characters are similar. */
function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const ch of text) vector[(ch.codePointAt(0) ?? 0) % 64] += 1;
  return vector;
}

/**
 * A small OpenAI-compatible HTTP server for tests: the real `openai` client (and its retries)
 * talk to it. It counts calls, and can be told to fail or to be slow.
 */
export class FakeOpenAiServer {
  readonly calls: Record<Endpoint, number> = { chat: 0, embeddings: 0 };
  /** Requests seen, for asserting what the service sent. */
  readonly requests: { endpoint: Endpoint; body: Record<string, unknown> }[] = [];
  private readonly faults = new Map<Endpoint, Fault>();
  private readonly delays = new Map<Endpoint, number>();
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  /** The next `times` calls to `endpoint` answer `status` with OpenAI's error body. */
  failNext(endpoint: Endpoint, status: number, times = 1): void {
    this.faults.set(endpoint, { status, times });
  }

  /** Every call to `endpoint` waits `ms` before answering. */
  delay(endpoint: Endpoint, ms: number): void {
    this.delays.set(endpoint, ms);
  }

  reset(): void {
    this.calls.chat = 0;
    this.calls.embeddings = 0;
    this.requests.length = 0;
    this.faults.clear();
    this.delays.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const endpoint: Endpoint | undefined =
      req.url === '/v1/chat/completions' ? 'chat' : req.url === '/v1/embeddings' ? 'embeddings' : undefined;
    if (req.method !== 'POST' || !endpoint) return this.send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    this.calls[endpoint]++;
    this.requests.push({ endpoint, body });
    const delay = this.delays.get(endpoint);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    const fault = this.faults.get(endpoint);
    if (fault && fault.times > 0) {
      fault.times--;
      return this.send(res, fault.status, { error: { message: `injected ${fault.status}`, type: 'server_error', code: null } });
    }
    return endpoint === 'chat' ? this.chat(res, body) : this.embeddings(res, body);
  }

  private chat(res: ServerResponse, body: Record<string, unknown>): void {
    const messages = body.messages as { role: string; content: string }[];
    const question = messages.at(-1)?.content ?? '';
    const answer = fakeAnswer(question);
    this.send(res, 200, {
      id: `chatcmpl-${this.calls.chat}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
      usage: { prompt_tokens: question.length, completion_tokens: answer.length, total_tokens: question.length + answer.length },
    });
  }

  private embeddings(res: ServerResponse, body: Record<string, unknown>): void {
    const inputs = Array.isArray(body.input) ? (body.input as string[]) : [body.input as string];
    this.send(res, 200, {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
