/** REDIS_CLUSTER_NODES, parsed: the seed nodes and what applies to every node of the cluster. */
export interface ClusterNodes {
  nodes: { host: string; port: number }[];
  /** Whether an entry is a `rediss://` URL: then every node speaks TLS. */
  tls: boolean;
  username?: string;
  password?: string;
}

/**
 * Parses the comma-separated seed nodes (`host:port`, or `redis[s]://[user:password@]host:port`).
 * The cluster reveals its other nodes by address only, so scheme and credentials cannot differ per
 * node: entries that state them must agree, and bare `host:port` entries take them over.
 */
export function parseClusterNodes(value: string): ClusterNodes {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error('REDIS_CLUSTER_NODES lists no node');
  const urls = entries.map((entry) => new URL(entry.includes('://') ? entry : `redis://${entry}`));
  const settings = new Set(
    urls
      .filter((_, i) => entries[i].includes('://'))
      .map((url) => JSON.stringify([url.protocol, url.username, url.password])),
  );
  if (settings.size > 1) {
    throw new Error('REDIS_CLUSTER_NODES entries disagree on rediss:// or credentials: every node shares them');
  }
  const [protocol, username, password] = settings.size === 1 ? (JSON.parse([...settings][0]) as string[]) : [];
  return {
    nodes: urls.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) })),
    tls: protocol === 'rediss:',
    ...(username && { username: decodeURIComponent(username) }),
    ...(password && { password: decodeURIComponent(password) }),
  };
}

/** The seed nodes as `host:port` (no credentials), for logs and error messages. */
export function describeClusterNodes({ nodes }: ClusterNodes): string {
  return nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',');
}
