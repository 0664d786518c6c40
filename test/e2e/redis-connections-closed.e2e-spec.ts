import Redis from 'ioredis';
import { ReleaseNotices } from '../../src/answer-cache/single-flight/adapters/release-notices';
import * as redisClients from '../../src/redis/redis-client';
import { RedisChangeFeed } from '../../src/vector-index/redis/redis-change-feed';
import { createTestApp } from '../support/create-test-app';
import { testRedisUrl } from '../support/test-redis';
import { waitUntil } from '../support/wait-until';

/**
 * A connection left open after close() keeps reconnecting to a Redis that is gone, and keeps the
 * process (a replica shutting down, a test runner) alive.
 */
describe('Redis connections after close', () => {
  let admin: Redis;
  let redis: Redis;

  /** Connections the private Redis holds now, those of this file's two clients included. */
  const connections = async () =>
    String(await admin.client('LIST'))
      .trim()
      .split('\n').length;

  beforeAll(() => {
    admin = new Redis(testRedisUrl());
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
    await admin.quit();
  });

  it('ReleaseNotices closes the subscriber it opened', async () => {
    const before = await connections();
    const sut = new ReleaseNotices(redis);
    await sut.next('flight:a', 1);
    expect(await connections()).toBe(before + 1);
    await sut.close();
    await waitUntil(async () => (await connections()) === before, 'the subscriber is closed');
  });

  it('ReleaseNotices opens no subscriber for a wait that comes after close()', async () => {
    const before = await connections();
    const sut = new ReleaseNotices(redis);
    await sut.close();
    await sut.next('flight:b', 1);
    expect(await connections()).toBe(before);
  });

  it('RedisChangeFeed stopped before it follows opens no reader', async () => {
    const opened = jest.spyOn(redisClients, 'duplicateClient');
    const sut = new RedisChangeFeed(redis);
    await sut.stop();
    await sut.follow('0-0', async () => undefined);
    expect(opened).not.toHaveBeenCalled();
    opened.mockRestore();
  });

  it('an app on Redis, closed after serving, leaves no connection behind', async () => {
    const before = await connections();
    const app = await createTestApp({ REDIS_URL: testRedisUrl(), EMBED_PROVIDER: 'lexical' });
    expect(await connections()).toBeGreaterThan(before);
    await app.close();
    await waitUntil(async () => (await connections()) === before, 'every connection of the app is closed');
  });
});
