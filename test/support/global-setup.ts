import { hasRedisServer, startRedisServer } from './redis-server';

/**
 * Gives every test worker a Redis it may flush: a private redis-server when the binary exists,
 * else REDIS_TEST_URL (which must point at a Redis whose data may be destroyed).
 */
export default async function globalSetup(): Promise<void> {
  if (hasRedisServer()) {
    const redis = await startRedisServer();
    (globalThis as { __TEST_REDIS__?: unknown }).__TEST_REDIS__ = redis.process;
    process.env.TEST_REDIS_BASE_URL = redis.url;
    return;
  }
  if (!process.env.REDIS_TEST_URL) {
    throw new Error(
      'Tests need Redis: install redis-server, or set REDIS_TEST_URL to a Redis whose data may be flushed',
    );
  }
  process.env.TEST_REDIS_BASE_URL = process.env.REDIS_TEST_URL;
}
