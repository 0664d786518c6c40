import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './wait-until';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** A port the OS says is free on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  url: string;
  /** SIGKILL: the process dies mid-call, as a crashed or OOM-killed replica would, releasing nothing. */
  kill(): Promise<void>;
  /** Sends `signal` (SIGTERM: the graceful shutdown an orchestrator asks for) and returns at once. */
  signal(signal: NodeJS.Signals): void;
  /** The exit code once the process has exited (null when a signal killed it). */
  exited: Promise<number | null>;
  /** What the process wrote to stdout so far (with `captureStdout`; else empty). */
  stdout(): string;
}

/**
 * The built service (dist/main.js, which `npm test` builds first) as a separate process with only
 * the variables given: a replica that a test can kill.
 */
export async function startServiceProcess(
  env: Record<string, string>,
  { captureStdout = false } = {},
): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does)`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'ignore'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  let exited = false;
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  let live = false;
  const probe = () =>
    void fetch(`${url}/health/live`).then(
      (r) => (live = r.ok),
      () => undefined,
    );
  const timer = setInterval(probe, 50);
  try {
    await waitUntil(() => live || exited, 'the service process is live', 20_000);
  } finally {
    clearInterval(timer);
  }
  if (exited) throw new Error('The service process exited during start-up');
  return {
    url,
    kill: async () => {
      if (exited) return;
      child.kill('SIGKILL');
      await waitUntil(() => exited, 'the service process has exited');
    },
    signal: (signal) => void child.kill(signal),
    exited: exitCode,
    stdout: () => stdout,
  };
}
