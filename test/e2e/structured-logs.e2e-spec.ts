import { FakeOpenAiServer } from '../support/fake-openai-server';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { waitUntil } from '../support/wait-until';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseRequestId?: string;
}

const QUESTION = 'log-question-marker-5e1d?';
const ANSWER = 'log-answer-marker-a77b';

/** The built service writes JSON lines to a pipe (no terminal), one per request with the id it answered with. */
describe('Structured logs of dist/main.js', () => {
  const upstream = new FakeOpenAiServer({ answer: () => ANSWER });
  let service: ServiceProcess;

  beforeAll(async () => {
    await upstream.start();
    service = await startServiceProcess(
      { OPENAI_BASE_URL: upstream.baseUrl, OPENAI_API_KEY: 'sk-log-key-marker', EMBED_PROVIDER: 'lexical' },
      { captureStdout: true },
    );
  }, 30_000);
  afterAll(async () => {
    await service?.kill();
    await upstream.stop();
  });

  const lines = () =>
    service
      .stdout()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);
  const requestLine = (id: string) => lines().find((line) => line.req?.id === id && line.res !== undefined);

  it('logs every line as JSON, each request with the id its response carried, and no question or answer', async () => {
    const ask = () =>
      fetch(`${service.url}/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: QUESTION }),
      });
    const generated = (await ask()).headers.get('x-request-id') ?? '';
    const reused = await fetch(`${service.url}/health/live`, { headers: { 'x-request-id': 'caller-id-123' } });
    const chat = await fetch(`${service.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'chat-caller-id' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: QUESTION }] }),
    });

    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(reused.headers.get('x-request-id')).toBe('caller-id-123');
    await waitUntil(
      () => ['caller-id-123', 'chat-caller-id', generated].every((id) => requestLine(id)),
      'request lines',
    );
    expect(requestLine(generated)).toMatchObject({
      level: 30,
      req: { method: 'POST', url: '/ask' },
      res: { statusCode: 200 },
    });
    expect(requestLine(generated)).not.toHaveProperty('responseRequestId');
    expect(requestLine('caller-id-123')).toMatchObject({ req: { url: '/health/live' }, res: { statusCode: 200 } });
    // A /v1 route answers with the upstream's request id (or a req_cache_ one): the line names both.
    expect(requestLine('chat-caller-id')?.responseRequestId).toBe(chat.headers.get('x-request-id'));
    const text = service.stdout();
    for (const secret of ['log-question-marker-5e1d', 'log-answer-marker-a77b', 'sk-log-key-marker']) {
      expect(text).not.toContain(secret);
    }
    expect(lines().some((line) => /Listening on/.test(line.msg))).toBe(true);
  });

  it("logs a streamed answer, relayed outside Fastify's reply, once it has ended", async () => {
    const stream = await fetch(`${service.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'stream-caller-id' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream me' }] }),
    });
    const body = await stream.text();

    expect(body).toContain('data: [DONE]');
    await waitUntil(() => requestLine('stream-caller-id') !== undefined, 'the streamed request line');
    expect(requestLine('stream-caller-id')).toMatchObject({
      req: { method: 'POST', url: '/v1/chat/completions' },
      res: { statusCode: 200 },
    });
  });
});
