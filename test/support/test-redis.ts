import Redis from 'ioredis';
import { masterNodes, RedisClient } from '../../src/redis/redis-client';
import { waitUntil } from './wait-until';

/** A Redis the tests may flush: a database of the private server, or a private cluster. */
export interface TestRedis {
  /** A client the test may use directly (a Cluster for a cluster). */
  client(): RedisClient;
  /** The variables that point the service at it: REDIS_URL or REDIS_CLUSTER_NODES. */
  env(): Record<string, string>;
}

/** This worker's database of the private redis-server. */
export interface TestSingleRedis extends TestRedis {
  client(): Redis;
  url: string;
}

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
export function useTestRedis(): TestSingleRedis {
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
  return { client: () => client!, url, env: () => ({ REDIS_URL: url }) };
}

/** The keys matching `pattern` (KEYS: tests only), on every master of a cluster. */
export async function allKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const perNode = await Promise.all(masterNodes(client).map((node) => node.keys(pattern)));
  return perNode.flat();
}

/**
 * Makes Redis expire now the keys matching `pattern` that have a TTL (at most `maxTtlMs` when
 * given), instead of waiting for it: PEXPIRE 1 ms, then a wait until Redis no longer has them.
 */
export async function expireNow(client: RedisClient, pattern: string, maxTtlMs = Infinity): Promise<void> {
  const expiring: string[] = [];
  for (const key of await allKeys(client, pattern)) {
    const ttl = await client.pttl(key);
    if (ttl > 0 && ttl <= maxTtlMs) {
      await client.pexpire(key, 1);
      expiring.push(key);
    }
  }
  const exists = async (key: string) => (await client.exists(key)) === 1;
  if (expiring.length > 0) {
    await waitUntil(async () => !(await Promise.all(expiring.map(exists))).some(Boolean), 'Redis has expired the keys');
  }
}
