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

/**
 * Whether this redis-server build has TLS: one without it rejects `tls-port` as a bad directive,
 * one with it rejects the bad number, and both exit at once.
 */
export function redisServerHasTls(): boolean {
  const probe = spawnSync('redis-server', ['--tls-port', 'not-a-port'], { encoding: 'utf8', timeout: 5000 });
  return probe.error === undefined && !`${probe.stdout}${probe.stderr}`.includes('Bad directive');
}

/** PEM files of a server certificate, its key and the CA that signed it. */
export interface RedisServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** Options of startRedisServer; the defaults are what the tests use. */
export interface RedisServerOptions {
  /** Working directory (and `--dir`) of the server. Default: undefined, the caller's directory; with `--save ""` nothing is written there. */
  dir?: string;
  /** Rewrites the command line before the spawn, e.g. to run it under `taskset -c <cpu>`. Default: none. */
  wrap?: (command: string, args: string[]) => [string, string[]];
  /** Serve TLS only (the plain port is off) with this certificate; clients need none. Default: plain TCP. */
  tls?: RedisServerTls;
  /** Password of the `default` user (`requirepass`). Default: none. */
  password?: string;
  /** An extra ACL user with every permission, for `user:pass@` URLs. Default: none. */
  user?: { name: string; password: string };
  /** More command-line options (say, cluster mode's). Default: none. */
  args?: string[];
}

/**
 * Starts a private, memory-only redis-server on a free loopback port: the tests flush it
 * freely and never touch a developer's own Redis.
 */
export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<{ url: string; port: number; process: ChildProcess }> {
  const port = await freePort();
  const args = [...portArgs(port, options.tls), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--databases', '32', ...authArgs(options));
  if (options.dir !== undefined) args.push('--dir', options.dir);
  args.push(...(options.args ?? []));
  const [command, argv] = options.wrap ? options.wrap('redis-server', args) : ['redis-server', args];
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.dir });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.trim().slice(-300)}`)));
  });
  return { url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`, port, process: child };
}

function portArgs(port: number, tls: RedisServerTls | undefined): string[] {
  if (!tls) return ['--port', String(port)];
  return [
    ...['--port', '0', '--tls-port', String(port), '--tls-auth-clients', 'no'],
    ...['--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile],
  ];
}

function authArgs({ password, user }: RedisServerOptions): string[] {
  const args = password === undefined ? [] : ['--requirepass', password];
  // One argument per ACL rule: redis-server joins them into the `user` directive's line.
  if (user) args.push('--user', user.name, 'on', `>${user.password}`, '~*', '&*', '+@all');
  return args;
}
