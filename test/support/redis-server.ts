import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** Options of startRedisServer; the defaults are what the tests use. */
export interface RedisServerOptions {
  /** Working directory (and `--dir`) of the server. Default: undefined, the caller's directory; with `--save ""` nothing is written there. */
  dir?: string;
  /** Rewrites the command line before the spawn, e.g. to run it under `taskset -c <cpu>`. Default: none. */
  wrap?: (command: string, args: string[]) => [string, string[]];
}

/**
 * Starts a private, memory-only redis-server on a free loopback port: the tests flush it
 * freely and never touch a developer's own Redis.
 */
export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<{ url: string; port: number; process: ChildProcess }> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '32'];
  if (options.dir !== undefined) args.push('--dir', options.dir);
  const [command, argv] = options.wrap ? options.wrap('redis-server', args) : ['redis-server', args];
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.dir });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, port, process: child };
}
