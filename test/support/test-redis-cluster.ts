import { Cluster } from 'ioredis';
import { RedisClusterOptions, TestRedisCluster } from './redis-cluster';
import { TestRedis } from './test-redis';

export interface TestClusterRedis extends TestRedis {
  client(): Cluster;
  cluster(): TestRedisCluster;
}

/**
 * A private Redis Cluster for the calling file, started before its tests (a few seconds) and
 * stopped after them; every master is flushed before and after each test.
 */
export function useTestRedisCluster(options: RedisClusterOptions = {}): TestClusterRedis {
  let cluster: TestRedisCluster | undefined;
  let client: Cluster | undefined;
  const flush = () => Promise.all(client!.nodes('master').map((node) => node.flushall()));
  beforeAll(async () => {
    cluster = await TestRedisCluster.start(options);
    client = new Cluster(
      cluster.seeds.split(',').map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })),
      { lazyConnect: true },
    );
    await client.connect();
  }, 30_000);
  beforeEach(flush);
  afterEach(flush);
  afterAll(async () => {
    await client?.quit();
    await cluster?.stop();
  });
  return {
    client: () => client!,
    cluster: () => cluster!,
    env: () => ({ REDIS_CLUSTER_NODES: cluster!.seeds }),
  };
}
