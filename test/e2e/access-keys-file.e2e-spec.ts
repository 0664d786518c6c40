import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ApiKeyRegistry } from '../../src/access/api-key-registry.service';
import { createTestApp } from '../support/create-test-app';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { waitUntil } from '../support/wait-until';

const CACHE_SECRET = 'e2e-cache-secret-0123456789';

describe('API_KEYS_FILE', () => {
  const upstream = new FakeOpenAiServer();
  let dir: string;
  let file: string;
  let app: NestFastifyApplication;

  const status = async (key: string, body: object = { question: 'Hi?' }) =>
    (await request(app.getHttpServer()).post('/ask').set('authorization', `Bearer ${key}`).send(body)).status;

  beforeAll(() => upstream.start());
  afterAll(() => upstream.stop());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
    file = join(dir, 'keys.yaml');
    writeFileSync(file, 'keys:\n  - name: first\n    key: key-one\n    namespace: team-a\n    models: [gpt-4o-mini]\n');
    app = await createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, API_KEYS_FILE: file, CACHE_SECRET });
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the keys of a YAML file, within their allowed models', async () => {
    expect(await status('key-one')).toBe(200);
    expect(await status('key-one', { question: 'Hi?', model: 'gpt-4o' })).toBe(403);
    expect(await status('key-two')).toBe(401);
  });

  it('picks up a change of the file, and keeps the last good keys when it breaks', async () => {
    // Arrange
    const registry = app.get(ApiKeyRegistry);
    const reload = jest.spyOn(registry, 'reload');

    // Act: a new key set, as JSON this time
    writeFileSync(file, JSON.stringify({ keys: [{ name: 'second', key: 'key-two', namespace: 'team-b' }] }));
    await waitUntil(async () => (await status('key-two')) === 200, 'the new key is accepted');

    // Assert
    expect(await status('key-one')).toBe(401);

    // Act: a file that no longer parses
    reload.mockClear();
    writeFileSync(file, 'keys: [ {name: broken');
    await waitUntil(() => reload.mock.results.some((result) => result.value === false), 'the broken file is read');

    // Assert
    expect(await status('key-two')).toBe(200);
    expect(registry.size).toBe(1);
  });

  it('fails at start-up naming API_KEYS_FILE when the file cannot be read', async () => {
    await expect(
      createTestApp({ OPENAI_BASE_URL: upstream.baseUrl, API_KEYS_FILE: join(dir, 'missing.yaml'), CACHE_SECRET }),
    ).rejects.toThrow(/API_KEYS_FILE cannot be read: ENOENT/);
  });
});
