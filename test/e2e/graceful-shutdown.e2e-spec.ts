import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { useTestRedis } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';

/**
 * A streamed chat completion through the service, read to its end, over `agent`: a keep-alive agent
 * that keeps idle sockets open until the server closes them, as proxies in front of a service do.
 */
function streamedAnswer(agent: Agent, url: string, question: string): Promise<string> {
  const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: question }] });
  return new Promise((resolve, reject) => {
    const call = request(`${url}/v1/chat/completions`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
    });
    call.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** /health/ready's status, or 'refused' once the listener is closed. */
const readiness = (url: string) =>
  fetch(`${url}/health/ready`).then(
    (response) => response.status,
    () => 'refused' as const,
  );

describe('Graceful shutdown on SIGTERM', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  let service: ServiceProcess | undefined;
  let snapshotDir: string;
  let agent: Agent;

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(() => {
    upstream.reset();
    snapshotDir = mkdtempSync(join(tmpdir(), 'shutdown-snapshot-'));
    agent = new Agent({ keepAlive: true });
  });
  afterEach(async () => {
    await service?.kill();
    service = undefined;
    agent.destroy();
    rmSync(snapshotDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('finishes 20 streams in flight while readiness answers 503, writes the snapshot, and exits 0', async () => {
    service = await startServiceProcess({
      REDIS_URL: redis.url,
      OPENAI_BASE_URL: upstream.baseUrl,
      EMBED_PROVIDER: 'lexical',
      SEMANTIC_SNAPSHOT_DIR: snapshotDir,
      SHUTDOWN_DRAIN_MS: '500',
      SHUTDOWN_GRACE_MS: '20000',
    });
    const { url } = service;
    await waitUntil(async () => (await readiness(url)) === 200, 'the service is ready');
    const release = upstream.pauseStreams();
    const streams = Array.from({ length: 20 }, (_, i) => streamedAnswer(agent, url, `Question number ${i}?`));
    await waitUntil(() => upstream.pausedStreams === 20, '20 streams are under way');

    service.signal('SIGTERM');
    await waitUntil(async () => (await readiness(url)) === 503, 'readiness answers 503');
    await waitUntil(async () => (await readiness(url)) === 'refused', 'new connections are refused');
    release();
    const bodies = await Promise.all(streams);

    expect(bodies.filter((body) => body.endsWith('data: [DONE]\n\n'))).toHaveLength(20);
    expect(await service.exited).toBe(0);
    // Written after the streams' answers were stored: all 20 are in it.
    const snapshot = readFileSync(join(snapshotDir, 'CURRENT'), 'utf8').trim();
    expect(JSON.parse(readFileSync(join(snapshotDir, snapshot, 'manifest.json'), 'utf8'))).toMatchObject({
      entries: 20,
    });
  }, 30_000);
});
