import Redis from 'ioredis';

/**
 * The Redis URL for this jest worker: its own database number on the private server, so
 * workers running in parallel never flush each other's data.
 */
export function testRedisUrl(): string {
  const base = process.env.TEST_REDIS_BASE_URL;
  if (!base) throw new Error('TEST_REDIS_BASE_URL is unset: run the tests through jest (its globalSetup starts Redis)');
  const url = new URL(base);
  url.pathname = `/${Number(process.env.JEST_WORKER_ID ?? '1') % 32}`;
  return url.toString();
}

/** A client on this worker's database, flushed before and after each test of the calling file. */
export function useTestRedis(): { client: () => Redis; url: string } {
  const url = testRedisUrl();
  let client: Redis | undefined;
  beforeAll(() => {
    client = new Redis(url);
  });
  beforeEach(async () => {
    await client!.flushdb();
  });
  afterEach(async () => {
    await client!.flushdb();
  });
  afterAll(async () => {
    await client?.quit();
  });
  return { client: () => client!, url };
}
