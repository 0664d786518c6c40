import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { fakeResponse, fakeResponseEvents, fakeSseOf, functionCallsOf, questionOfInput } from './fake-responses';
import {
  anthropicErrorBody,
  anthropicEvents,
  anthropicMessage,
  anthropicQuestion,
  anthropicRefusal,
  writeEvents,
} from './fake-anthropic';
import { FakeVerifier } from './fake-verifier';
import { FakeOtherRoutes } from './fake-other-routes';
import { openAiRequestError } from './fake-openai-validation';

type Endpoint = 'chat' | 'embeddings' | 'models' | 'responses' | 'messages';

/** How the fake's chat answers end: its finish reason, tool calls instead of (or beside) text. */
export interface ChatAnswerShape {
  /**
   * On /v1/responses, `length` and `content_filter` give an `incomplete` Response, `failed` a
   * `failed` one, and `error` a stream that ends with an `error` event.
   */
  finishReason?: string;
  /** `{ id, type, function: { name, arguments } }`; streamed as index-keyed deltas, arguments in pieces. */
  toolCalls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  /** Text instead of fakeAnswer(question); null with tool calls gives `content: null`. */
  content?: string | null;
}

interface Fault {
  status: number;
  times: number;
  /** Instead of the default retry hints (`retry-after: 0`, `x-should-retry: true`). */
  headers?: Record<string, string>;
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
  readonly calls: Record<Endpoint, number> = { chat: 0, embeddings: 0, models: 0, responses: 0, messages: 0 };
  /** TCP connections accepted since start (not reset): a client reusing its sockets adds none. */
  connections = 0;
  /** Requests seen, for asserting what the service sent. */
  readonly requests: { endpoint: Endpoint; body: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];
  /** The Bearer key (`x-api-key` on /v1/messages) of every call, models included, in order (undefined: none). */
  readonly keysUsed: { endpoint: Endpoint; key?: string }[] = [];
  /** When set, only these Bearer keys are accepted; any other call gets OpenAI's 401. */
  private validKeys?: ReadonlySet<string>;
  private readonly faults = new Map<Endpoint, Fault>();
  private readonly delays = new Map<Endpoint, number>();
  /** Every other route (a model by id, moderations, completions, files, unknown routes): the forwarded ones. */
  readonly other = new FakeOtherRoutes();
  /** Streamed answers whose client (the service) hung up before the end. */
  abandonedStreams = 0;
  /** The exact bytes of the last streamed answer, to compare with what reached the client. */
  lastStreamBytes = '';
  /** Answers the service's own yes/no verification requests (SEMANTIC_VERIFIER=llm), not counted in `calls`. */
  readonly verifier = new FakeVerifier();
  /** When set, each chat answer ends with ` #<call number>`, so every answer produced is unique. */
  numberAnswers = false;
  private dropStreamAfterChunks?: number;
  private answerShape: ChatAnswerShape = {};
  private streamChunkDelayMs = 0;
  private server?: Server;
  private readonly gates = new Map<Endpoint, Promise<void>>();
  private readonly callWatchers = new Set<() => void>();
  private streamGate?: Promise<void>;
  /** Streamed answers now waiting after their first chunk (see pauseStreams). */
  pausedStreams = 0;

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

  /** The server without `/v1`: ANTHROPIC_BASE_URL, as the Anthropic SDKs take it. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** From now on (until reset) only these Bearer keys are accepted; others get a 401 as OpenAI sends it. */
  acceptOnlyKeys(keys: readonly string[]): void {
    this.validKeys = new Set(keys);
  }

  /** The next `times` calls to `endpoint` answer `status` with OpenAI's error body (and `headers`, if given). */
  failNext(endpoint: Endpoint, status: number, times = 1, headers?: Record<string, string>): void {
    this.faults.set(endpoint, { status, times, headers });
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

  /** Streamed answers send their headers and first chunk, then wait until the returned function is called. */
  pauseStreams(): () => void {
    let open!: () => void;
    this.streamGate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.streamGate = undefined;
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
    this.calls.responses = 0;
    this.calls.messages = 0;
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
    this.verifier.reset();
    this.streamGate = undefined;
    this.pausedStreams = 0;
    this.other.reset();
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
      req.url === '/v1/chat/completions'
        ? 'chat'
        : req.url === '/v1/embeddings'
          ? 'embeddings'
          : req.url === '/v1/responses'
            ? 'responses'
            : req.url === '/v1/messages'
              ? 'messages'
              : undefined;
    if (req.method !== 'POST' || !endpoint) return this.other.handle(req, res, this.headersOf(res));
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (endpoint === 'chat' && FakeVerifier.asks(body)) {
      const judged = await this.verifier.reply(body);
      return void (res.destroyed || this.send(res, judged.status, judged.body));
    }
    this.calls[endpoint]++;
    if (this.options.recordRequests !== false) this.requests.push({ endpoint, body, headers: req.headers });
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
      for (const [name, value] of Object.entries(fault.headers ?? { 'retry-after': '0', 'x-should-retry': 'true' }))
        res.setHeader(name, value);
      return this.send(
        res,
        fault.status,
        endpoint === 'messages'
          ? anthropicErrorBody(fault.status, `injected ${fault.status}`)
          : { error: { message: `injected ${fault.status}`, type: 'server_error', code: null } },
      );
    }
    if (endpoint === 'responses') return this.responses(res, body);
    if (endpoint === 'messages') return this.messages(res, body);
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

  /** POST /v1/responses: the chat controls (answer, numbering, shape, stream pieces) applied to a Response. */
  private responses(res: ServerResponse, body: Record<string, unknown>): void {
    const question = questionOfInput(body.input);
    const { toolCalls, finishReason = 'stop' } = this.answerShape;
    const generated = (this.options.answer ?? fakeAnswer)(question);
    const numbered = this.numberAnswers ? `${generated} #${this.calls.responses}` : generated;
    const text = this.answerShape.content === undefined ? numbered : this.answerShape.content;
    const spec = {
      id: `resp_${this.calls.responses}`,
      model: body.model,
      text,
      functionCalls: functionCallsOf(toolCalls),
      finishReason,
      inputTokens: question.length,
      pieces: (this.options.streamPieces ?? thirds)(text ?? ''),
    };
    if (body.background === true) return this.send(res, 200, { ...fakeResponse(spec), status: 'queued', output: [] });
    if (body.stream !== true) return this.send(res, 200, fakeResponse(spec));
    void this.sendEvents(res, fakeResponseEvents(spec).map(fakeSseOf));
  }

  /** Server-sent events, honouring dropNextStreamAfter and paceStream; the Responses API ends without `[DONE]`. */
  private async sendEvents(res: ServerResponse, events: string[]): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...this.headersOf(res) });
    this.lastStreamBytes = '';
    const dropAfter = this.dropStreamAfterChunks;
    this.dropStreamAfterChunks = undefined;
    for (const [i, event] of events.entries()) {
      if (dropAfter !== undefined && i >= dropAfter) {
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (res.destroyed) {
        this.abandonedStreams++;
        return;
      }
      this.lastStreamBytes += event;
      res.write(event);
      await new Promise((resolve) => setTimeout(resolve, this.streamChunkDelayMs));
    }
    res.end();
  }

  /** Records the call's key; false (after answering 401 as OpenAI does) when it is not a valid one. */
  private authorized(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): boolean {
    if (endpoint === 'messages') {
      this.keysUsed.push({ endpoint, key: req.headers['x-api-key'] as string | undefined });
      const refusal = anthropicRefusal(req, this.validKeys);
      if (refusal) this.send(res, refusal.status, refusal.body);
      return refusal === undefined;
    }
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
      if (i === 0 && this.streamGate) await this.pausedUntilReleased(this.streamGate);
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

  /** Anthropic's Messages API (see fake-anthropic.ts), answering as `chat` does, in the shape `answerWith` set. */
  private messages(res: ServerResponse, body: Record<string, unknown>): Promise<void> | void {
    const generated = (this.options.answer ?? fakeAnswer)(anthropicQuestion(body));
    const text = this.numberAnswers ? `${generated} #${this.calls.messages}` : generated;
    const answer = this.answerShape.content === undefined ? text : this.answerShape.content;
    const message = anthropicMessage(body, answer, this.answerShape, `msg_${this.calls.messages}`);
    res.setHeader('request-id', `req_${this.calls.messages}`);
    res.setHeader('anthropic-ratelimit-requests-remaining', '49');
    if (body.stream !== true) return this.send(res, 200, message);
    this.lastStreamBytes = '';
    const dropAfter = this.dropStreamAfterChunks;
    this.dropStreamAfterChunks = undefined;
    return writeEvents(res, this.headersOf(res), anthropicEvents(message, this.options.streamPieces ?? thirds), {
      pauseMs: this.streamChunkDelayMs,
      dropAfter,
      onAbandoned: () => this.abandonedStreams++,
      onWritten: (event) => (this.lastStreamBytes += event),
    });
  }

  private async pausedUntilReleased(gate: Promise<void>): Promise<void> {
    this.pausedStreams++;
    await gate;
    this.pausedStreams--;
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
