import { crossReplicaSuite } from './cross-replica.suite';
import { useTestRedis } from '../support/test-redis';

/** The same suite runs on a Redis Cluster in redis-cluster.e2e-spec. */
describe('Replicas on one Redis', () => {
  crossReplicaSuite(useTestRedis());
});
