import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { openAiRequestError } from './fake-openai-validation';

type Endpoint = 'chat' | 'embeddings' | 'models';

/** How the fake's chat answers end: its finish reason, tool calls instead of (or beside) text. */
export interface ChatAnswerShape {
  finishReason?: string;
  /** `{ id, type, function: { name, arguments } }`; streamed as index-keyed deltas, arguments in pieces. */
  toolCalls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  /** Text instead of fakeAnswer(question); null with tool calls gives `content: null`. */
  content?: string | null;
}

interface Fault {
  status: number;
  times: number;
}

/** The deterministic answer the fake LLM gives, so tests can predict it. */
export const fakeAnswer = (question: string) => `Fake answer to: ${question}`;

/** Deterministic vector (64-d unless `dimensions` asks otherwise): a bag of characters, so questions sharing characters are similar. */
export function fakeEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const ch of text) vector[(ch.codePointAt(0) ?? 0) % dimensions] += 1;
  return vector;
}

/** Options of a FakeOpenAiServer; the defaults are what the tests rely on. */
export interface FakeOpenAiServerOptions {
  /** The chat answer to the last message's content. Default: `fakeAnswer`. */
  answer?: (question: string) => string;
  /** How a streamed answer is cut into content chunks. Default: three near-equal pieces. */
  streamPieces?: (answer: string) => string[];
  /**
   * Keep every request body in `requests`. Default: true. A load generator sending thousands of
   * requests turns it off so that memory stays flat.
   */
  recordRequests?: boolean;
  /** How long an idle keep-alive socket stays open, in ms. Default: undefined, Node's own (5 s). */
  keepAliveTimeoutMs?: number;
}

function thirds(answer: string): string[] {
  const third = Math.ceil(answer.length / 3);
  return [answer.slice(0, third), answer.slice(third, 2 * third), answer.slice(2 * third)];
}

/**
 * A small OpenAI-compatible HTTP server for tests (and the benches, through dist-bench/): the real
 * `openai` client (and its retries) talk to it. It counts calls, and can be told to fail or to be slow.
 */
export class FakeOpenAiServer {
  readonly calls: Record<Endpoint, number> = { chat: 0, embeddings: 0, models: 0 };
  /** TCP connections accepted since start (not reset): a client reusing its sockets adds none. */
  connections = 0;
  /** Requests seen, for asserting what the service sent. */
  readonly requests: { endpoint: Endpoint; body: Record<string, unknown> }[] = [];
  /** The Bearer key of every call, models included, in order (undefined: no Authorization). */
  readonly keysUsed: { endpoint: Endpoint; key?: string }[] = [];
  /** When set, only these Bearer keys are accepted; any other call gets OpenAI's 401. */
  private validKeys?: ReadonlySet<string>;
  private readonly faults = new Map<Endpoint, Fault>();
  private readonly delays = new Map<Endpoint, number>();
  /** Streamed answers whose client (the service) hung up before the end. */
  abandonedStreams = 0;
  /** The exact bytes of the last streamed answer, to compare with what reached the client. */
  lastStreamBytes = '';
  /** When set, each chat answer ends with ` #<call number>`, so every answer produced is unique. */
  numberAnswers = false;
  private dropStreamAfterChunks?: number;
  private answerShape: ChatAnswerShape = {};
  private streamChunkDelayMs = 0;
  private server?: Server;
  private readonly gates = new Map<Endpoint, Promise<void>>();
  private readonly callWatchers = new Set<() => void>();

  constructor(private readonly options: FakeOpenAiServerOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((error) => this.crashed(res, error)));
    this.server.on('connection', () => this.connections++);
    if (this.options.keepAliveTimeoutMs !== undefined) {
      this.server.keepAliveTimeout = this.options.keepAliveTimeoutMs;
      this.server.headersTimeout = this.options.keepAliveTimeoutMs + 10_000;
    }
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** From now on (until reset) only these Bearer keys are accepted; others get a 401 as OpenAI sends it. */
  acceptOnlyKeys(keys: readonly string[]): void {
    this.validKeys = new Set(keys);
  }

  /** The next `times` calls to `endpoint` answer `status` with OpenAI's error body. */
  failNext(endpoint: Endpoint, status: number, times = 1): void {
    this.faults.set(endpoint, { status, times });
  }

  /** Calls to `endpoint` are counted, then wait without an answer until the returned function is called. */
  hold(endpoint: Endpoint): () => void {
    let open!: () => void;
    this.gates.set(endpoint, new Promise<void>((resolve) => (open = resolve)));
    return () => {
      this.gates.delete(endpoint);
      open();
    };
  }

  /** Resolves once `endpoint` has been called at least `count` times since the last reset. */
  async whenCalled(endpoint: Endpoint, count = 1): Promise<void> {
    while (this.calls[endpoint] < count) await new Promise<void>((resolve) => this.callWatchers.add(resolve));
  }

  /** The next streamed answer breaks off (socket destroyed) after this many chunks. */
  dropNextStreamAfter(chunks: number): void {
    this.dropStreamAfterChunks = chunks;
  }

  /** Streamed chunks are sent `ms` apart, like a model generating. */
  paceStream(ms: number): void {
    this.streamChunkDelayMs = ms;
  }

  /** Chat answers from now on (until reset) take this shape: finish reason, tool calls, text. */
  answerWith(shape: ChatAnswerShape): void {
    this.answerShape = shape;
  }

  /** Every call to `endpoint` waits `ms` before answering. */
  delay(endpoint: Endpoint, ms: number): void {
    this.delays.set(endpoint, ms);
  }

  reset(): void {
    this.calls.chat = 0;
    this.calls.embeddings = 0;
    this.calls.models = 0;
    this.dropStreamAfterChunks = undefined;
    this.answerShape = {};
    this.numberAnswers = false;
    this.requests.length = 0;
    this.keysUsed.length = 0;
    this.validKeys = undefined;
    this.lastStreamBytes = '';
    this.abandonedStreams = 0;
    this.faults.clear();
    this.delays.clear();
    this.gates.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/v1/models') {
      this.calls.models++;
      if (!this.authorized(req, res, 'models')) return;
      return this.send(res, 200, {
        object: 'list',
        data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'fake' }],
      });
    }
    const endpoint: Endpoint | undefined =
      req.url === '/v1/chat/completions' ? 'chat' : req.url === '/v1/embeddings' ? 'embeddings' : undefined;
    if (req.method !== 'POST' || !endpoint)
      return this.send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    this.calls[endpoint]++;
    if (this.options.recordRequests !== false) this.requests.push({ endpoint, body });
    for (const watcher of [...this.callWatchers]) watcher();
    this.callWatchers.clear();
    if (!this.authorized(req, res, endpoint)) return;
    await this.gates.get(endpoint);
    const delay = this.delays.get(endpoint);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    const fault = this.faults.get(endpoint);
    if (fault && fault.times > 0) {
      fault.times--;
      res.setHeader('retry-after', '0');
      res.setHeader('x-should-retry', 'true');
      return this.send(res, fault.status, {
        error: { message: `injected ${fault.status}`, type: 'server_error', code: null },
      });
    }
    const invalid = openAiRequestError(endpoint, body);
    if (invalid !== undefined)
      return this.send(res, 400, {
        error: { message: invalid, type: 'invalid_request_error', param: null, code: null },
      });
    return endpoint === 'chat' ? this.chat(res, body) : this.embeddings(res, body);
  }

  /** A bug of the fake itself: a 500 saying so, rather than a request left hanging. */
  private crashed(res: ServerResponse, error: unknown): void {
    if (res.headersSent) return void res.destroy();
    this.send(res, 500, { error: { message: `The fake upstream crashed: ${String(error)}`, type: 'server_error' } });
  }

  /** Records the call's key; false (after answering 401 as OpenAI does) when it is not a valid one. */
  private authorized(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): boolean {
    const key = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    this.keysUsed.push({ endpoint, key });
    if (!this.validKeys || (key !== undefined && this.validKeys.has(key))) return true;
    this.send(res, 401, {
      error: {
        message:
          'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    return false;
  }

  private chat(res: ServerResponse, body: Record<string, unknown>): void {
    const messages = body.messages as { role: string; content?: unknown }[];
    const content = messages.at(-1)?.content ?? '';
    // Parts (images, audio...) as JSON: String() of a parsed object can throw (`{"toString": 1}`).
    const question = typeof content === 'string' ? content : JSON.stringify(content);
    const { toolCalls, finishReason = toolCalls ? 'tool_calls' : 'stop' } = this.answerShape;
    const generated = (this.options.answer ?? fakeAnswer)(question);
    const numbered = this.numberAnswers ? `${generated} #${this.calls.chat}` : generated;
    const answer = this.answerShape.content === undefined ? numbered : this.answerShape.content;
    if (body.stream === true) return void this.stream(res, body, answer ?? '', question.length);
    const message = { role: 'assistant', content: answer, ...(toolCalls && { tool_calls: toolCalls }) };
    this.send(res, 200, {
      id: `chatcmpl-${this.calls.chat}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, finish_reason: finishReason }],
      usage: {
        prompt_tokens: question.length,
        completion_tokens: answer?.length ?? 0,
        total_tokens: question.length + (answer?.length ?? 0),
      },
    });
  }

  /** SSE as OpenAI sends it: role, the answer in three pieces, finish_reason, optional usage, [DONE]. */
  private async stream(
    res: ServerResponse,
    body: Record<string, unknown>,
    answer: string,
    promptTokens: number,
  ): Promise<void> {
    const base = { id: `chatcmpl-${this.calls.chat}`, object: 'chat.completion.chunk', created: 1, model: body.model };
    const pieces = (this.options.streamPieces ?? thirds)(answer);
    const { toolCalls, finishReason = toolCalls ? 'tool_calls' : 'stop' } = this.answerShape;
    const delta = (d: Record<string, unknown>) => ({ ...base, choices: [{ index: 0, delta: d, finish_reason: null }] });
    const chunks: unknown[] = [
      delta({ role: 'assistant', content: answer === '' ? null : '' }),
      ...(answer === '' ? [] : pieces).map((content) => delta({ content })),
      ...(toolCalls ?? []).flatMap(({ id, type, function: { name, arguments: args } }, index) => {
        const half = Math.ceil(args.length / 2);
        return [
          delta({ tool_calls: [{ index, id, type, function: { name, arguments: '' } }] }),
          delta({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }),
          delta({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }),
        ];
      }),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] },
    ];
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
      chunks.push({
        ...base,
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: answer.length,
          total_tokens: promptTokens + answer.length,
        },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', ...this.headersOf(res) });
    this.lastStreamBytes = '';
    const dropAfter = this.dropStreamAfterChunks;
    this.dropStreamAfterChunks = undefined;
    const pause = () => new Promise((resolve) => setTimeout(resolve, this.streamChunkDelayMs));
    for (const [i, chunk] of chunks.entries()) {
      if (dropAfter !== undefined && i >= dropAfter) break;
      if (res.destroyed) {
        this.abandonedStreams++;
        return;
      }
      const event = `data: ${JSON.stringify(chunk)}\n\n`;
      this.lastStreamBytes += event;
      res.write(event);
      await pause();
    }
    if (dropAfter !== undefined) {
      // Let the chunks sent so far reach the client, then break the connection.
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    this.lastStreamBytes += 'data: [DONE]\n\n';
    res.end('data: [DONE]\n\n');
  }

  private embeddings(res: ServerResponse, body: Record<string, unknown>): void {
    const tokens = Array.isArray(body.input) && body.input.every((t) => typeof t === 'number');
    const items = Array.isArray(body.input) && !tokens ? (body.input as unknown[]) : [body.input];
    const inputs = items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined;
    this.send(res, 200, {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, dimensions) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', ...this.headersOf(res) }).end(JSON.stringify(body));
  }

  /** Headers OpenAI sends with every answer, which a proxy should relay. */
  private headersOf(res: ServerResponse): Record<string, string> {
    return {
      'x-request-id': `req_${this.options.recordRequests === false ? this.calls.chat + this.calls.embeddings : this.requests.length}`,
      'x-ratelimit-remaining-requests': '4999',
      'openai-processing-ms': '1',
      'x-cache': 'MISS-from-upstream',
      ...(res.getHeaders() as Record<string, string>),
    };
  }
}
