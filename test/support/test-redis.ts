import Redis from 'ioredis';
import { waitUntil } from './wait-until';

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

/**
 * Makes Redis expire now the keys matching `pattern` that have a TTL (at most `maxTtlMs` when
 * given), instead of waiting for it: PEXPIRE 1 ms, then a wait until Redis no longer has them.
 */
export async function expireNow(client: Redis, pattern: string, maxTtlMs = Infinity): Promise<void> {
  const expiring: string[] = [];
  for (const key of await client.keys(pattern)) {
    const ttl = await client.pttl(key);
    if (ttl > 0 && ttl <= maxTtlMs) {
      await client.pexpire(key, 1);
      expiring.push(key);
    }
  }
  if (expiring.length > 0)
    await waitUntil(async () => (await client.exists(...expiring)) === 0, 'Redis has expired the keys');
}
