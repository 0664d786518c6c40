import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ask } from '../support/ask';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { useTestRedis } from '../support/test-redis';

const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'llm-cache.js');

describe('npx llm-cache (the compiled CLI as a child process)', () => {
  const redis = useTestRedis();
  const upstream = new FakeOpenAiServer();
  let app: NestFastifyApplication | undefined;
  let dir: string;
  const env = () => ({ REDIS_URL: redis.url, OPENAI_BASE_URL: upstream.baseUrl, EMBED_PROVIDER: 'lexical' });
  const boot = async () => (app = await createTestApp(env()));
  const cli = async (...args: string[]) => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env() },
    });
    return JSON.parse((stdout.trim() || stderr.trim()).split('\n').pop()!) as Record<string, unknown>;
  };

  beforeAll(async () => {
    await upstream.start();
  });
  beforeEach(async () => {
    upstream.reset();
    dir = await mkdtemp(join(tmpdir(), 'llm-cache-cli-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await upstream.stop();
  });

  it('export, clear, import restores the entries, and the paraphrase is a semantic hit again', async () => {
    await boot();
    await ask(app!, { question: '什麼是快取？' }).expect(200);
    await ask(app!, { question: 'What is Redis?', namespace: 'other' }).expect(200);
    await app!.close();
    const file = join(dir, 'entries.jsonl');

    expect(await cli('export', '--out', file)).toEqual({ exported: { exact: 2, semantic: 2 } });
    expect(await cli('clear')).toMatchObject({ deleted: { prompt: 2, semantic: 2 } });
    expect(await cli('stats')).toMatchObject({ entries: { exact: 0, semantic: 0 } });
    expect(await cli('import', file)).toEqual({ imported: { exact: 2, semantic: 2 } });
    expect(await cli('stats')).toMatchObject({ entries: { exact: 2, semantic: 2 } });

    await boot();
    const paraphrase = await ask(app!, { question: '請解釋快取是什麼' }).expect(200);
    expect(paraphrase.body).toMatchObject({ source: 'semantic_cache', matchedQuestion: '什麼是快取?' });
    const other = await ask(app!, { question: 'What is Redis?', namespace: 'other' }).expect(200);
    expect(other.body.source).toBe('prompt_cache');
    expect(upstream.calls.chat).toBe(2);
  }, 60_000);

  it('warm stores question/answer pairs in both layers as /ask would', async () => {
    const file = join(dir, 'warm.jsonl');
    const pairs = [
      { question: '什麼是快取？', answer: '快取是暫存資料的地方。' },
      { question: 'What is Redis?', answer: 'An in-memory data store.', namespace: 'other' },
    ];
    await writeFile(file, pairs.map((pair) => JSON.stringify(pair)).join('\n') + '\n');

    expect(await cli('warm', file)).toEqual({ warmed: 2 });

    await boot();
    const exact = await ask(app!, { question: 'What is Redis?', namespace: 'other' }).expect(200);
    expect(exact.body).toMatchObject({ source: 'prompt_cache', answer: 'An in-memory data store.' });
    const paraphrase = await ask(app!, { question: '請解釋快取是什麼' }).expect(200);
    expect(paraphrase.body).toMatchObject({ source: 'semantic_cache', answer: '快取是暫存資料的地方。' });
    expect(upstream.calls.chat).toBe(0);
  }, 60_000);
});
