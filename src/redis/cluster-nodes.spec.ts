import { describeClusterNodes, parseClusterNodes } from './cluster-nodes';

describe(parseClusterNodes.name, () => {
  it('reads bare host:port entries as plain TCP without credentials', () => {
    const sut = parseClusterNodes('10.0.0.1:7000, redis-2.internal:7001,[::1]:7002');

    expect(sut).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-2.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: false,
    });
  });

  it('applies the TLS and credentials of a URL entry to every node', () => {
    const sut = parseClusterNodes('rediss://cache:p%40ss@a:6380,b:6380');

    expect(sut).toMatchObject({ tls: true, username: 'cache', password: 'p@ss' });
    expect(sut.nodes).toEqual([
      { host: 'a', port: 6380 },
      { host: 'b', port: 6380 },
    ]);
  });

  it('accepts URL entries that agree', () => {
    expect(parseClusterNodes('redis://:s3cret@a:1,redis://:s3cret@b:2').password).toBe('s3cret');
  });

  it('refuses entries that disagree on TLS or credentials, naming the variable', () => {
    expect(() => parseClusterNodes('rediss://a:1,redis://b:2')).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => parseClusterNodes('redis://:one@a:1,redis://:two@b:2')).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('describes the nodes without their credentials', () => {
    expect(describeClusterNodes(parseClusterNodes('redis://:s3cret@a:1,[::1]:2'))).toBe('a:1,[::1]:2');
  });
});
