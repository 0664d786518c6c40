import Redis from 'ioredis';
import { ChildProcess, execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, hasRedisServer, startRedisServer } from './redis-server';
import { waitUntil } from './wait-until';

/** Whether this machine can start a cluster: redis-server, and redis-cli for `--cluster create`. */
export function hasRedisCluster(): boolean {
  return hasRedisServer() && spawnSync('redis-cli', ['--version']).status === 0;
}

export interface RedisClusterOptions {
  /** Default 3. */
  masters?: number;
  /** Replicas of each master (needed for a failover). Default 0. */
  replicasPerMaster?: number;
}

interface ClusterNode {
  port: number;
  process: ChildProcess;
  /** A direct connection to this node, for polling its state. */
  admin: Redis;
}

/**
 * Fast failure detection (the default takes 15 s), replicas that sync at once and that may always
 * take over (a fresh replica that never received a write counts as stale otherwise).
 */
const NODE_ARGS = [
  ...['--cluster-enabled', 'yes', '--cluster-node-timeout', '1000'],
  ...['--repl-diskless-sync-delay', '0', '--cluster-replica-validity-factor', '0'],
];

/** A private Redis Cluster on loopback ports, made of redis-server processes and `redis-cli --cluster create`. */
export class TestRedisCluster {
  private constructor(
    private readonly dir: string,
    private readonly nodes: ClusterNode[],
    readonly masterCount: number,
  ) {}

  static async start({ masters = 3, replicasPerMaster = 0 }: RedisClusterOptions = {}): Promise<TestRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
    const count = masters * (1 + replicasPerMaster);
    const started = await Promise.allSettled(Array.from({ length: count }, () => startNode(dir)));
    const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const cluster = new TestRedisCluster(dir, nodes, masters);
    try {
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      await promisify(execFile)('redis-cli', [
        ...['--cluster', 'create', ...nodes.map(({ port }) => `127.0.0.1:${port}`)],
        ...['--cluster-replicas', String(replicasPerMaster), '--cluster-yes'],
      ]);
      await cluster.waitUntilOk();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** REDIS_CLUSTER_NODES for the service: every node a seed. */
  get seeds(): string {
    return this.nodes.map(({ port }) => `127.0.0.1:${port}`).join(',');
  }

  private get alive(): ClusterNode[] {
    return this.nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
  }

  /**
   * Resolves once every running node says `cluster_state:ok`, as many masters as at the start
   * run, and every replica has synced with its master (only a synced replica can take over).
   */
  async waitUntilOk(timeoutMs = 20_000): Promise<void> {
    await waitUntil(
      async () => {
        const states = await Promise.all(this.alive.map((node) => nodeState(node).catch(() => undefined)));
        if (states.some((state) => !state?.ok || (state.role === 'slave' && !state.linked))) return false;
        return states.filter((state) => state?.role === 'master').length === this.masterCount;
      },
      'the Redis Cluster is ok with every master and synced replicas',
      timeoutMs,
    );
  }

  /** The port of the master that serves `key`'s slot. */
  async masterOf(key: string): Promise<number> {
    const [admin] = this.alive.map((node) => node.admin);
    const slot = Number(await admin.cluster('KEYSLOT', key));
    const range = (await admin.cluster('SLOTS')).find(([start, end]) => slot >= start && slot <= end);
    if (!range?.[2]) throw new Error(`No master serves slot ${slot}`);
    return range[2][1];
  }

  /** SIGKILL: the node dies as in a crash, mid-command, saving nothing. */
  async kill(port: number): Promise<void> {
    const node = this.nodes.find((candidate) => candidate.port === port);
    if (!node) throw new Error(`No node on port ${port}`);
    disconnectAdmin(node);
    await stopProcess(node.process, 'SIGKILL');
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) disconnectAdmin(node);
    await Promise.all(this.nodes.map((node) => stopProcess(node.process, 'SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts one node; tries again on fresh ports when one was taken meanwhile (a free port is only free when asked). */
async function startNode(dir: string, attempts = 3): Promise<ClusterNode> {
  const busPort = await freePort();
  let server: Awaited<ReturnType<typeof startRedisServer>>;
  try {
    server = await startRedisServer({
      dir,
      args: [...NODE_ARGS, '--cluster-port', String(busPort), '--cluster-config-file', `nodes-${busPort}.conf`],
    });
  } catch (error) {
    if (attempts <= 1) throw error;
    return startNode(dir, attempts - 1);
  }
  const admin = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => undefined); // polled while nodes die; a failed poll is only "not yet"
  return { port: server.port, process: server.process, admin };
}

/**
 * Disconnects once: ioredis arms a 2 s timer on every disconnect() and clears it when the socket
 * closes, so a second call on a connection already closed (the node killed earlier) keeps jest alive.
 */
function disconnectAdmin({ admin }: ClusterNode): void {
  if (admin.status !== 'end') admin.disconnect();
}

async function nodeState(node: ClusterNode): Promise<{ ok: boolean; role: string; linked: boolean }> {
  const [info, role, replication] = await Promise.all([
    node.admin.cluster('INFO'),
    node.admin.role(),
    node.admin.info('replication'),
  ]);
  return {
    ok: info.includes('cluster_state:ok'),
    role: String(role[0]),
    linked: replication.includes('master_link_status:up'),
  };
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
