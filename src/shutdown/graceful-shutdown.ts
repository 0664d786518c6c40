import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { ResilienceConfig } from '../config/resilience.config';
import { BackgroundWork } from './background-work';
import { ShutdownState } from './shutdown-state';

/**
 * How often, while closing, sockets that went idle are closed: Node closes idle keep-alive sockets
 * once when the server closes, not those of requests (a relayed stream) that finish afterwards.
 */
const REAP_INTERVAL_MS = 100;
/** Past the grace period, how long the shutdown hooks (snapshot, Redis) still get once connections are cut. */
export const HOOKS_AFTER_GRACE_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Shuts the service down gracefully; resolves the exit code. Readiness goes down at once; after
 * SHUTDOWN_DRAIN_MS (none for SIGINT: someone at a terminal) the listener closes, so new
 * connections are refused and requests arriving on open ones get Fastify's 503; the requests and
 * streams in flight finish, then the cache writes they started, then Nest's shutdown hooks write
 * the index snapshot and close Redis: 0, all within SHUTDOWN_GRACE_MS from the signal. Past it,
 * the connections still open are cut: 1.
 */
export async function shutDown(
  app: INestApplication,
  signal: string,
  logger = new Logger('Shutdown'),
): Promise<number> {
  const { shutdownDrainMs, shutdownGraceMs } = app.get(ResilienceConfig);
  const graceEnds = Date.now() + shutdownGraceMs;
  app.get(ShutdownState).startDraining();
  const drainMs = signal === 'SIGINT' ? 0 : Math.min(shutdownDrainMs, shutdownGraceMs);
  logger.log(`${signal}: /health/ready answers 503; new connections are refused in ${drainMs} ms`);
  await sleep(drainMs);

  const server = app.getHttpServer() as Server;
  const reaper = setInterval(() => server.closeIdleConnections(), REAP_INTERVAL_MS);
  const finished = finishInFlight(app).then(
    () => true,
    (error: Error) => {
      logger.error(`Shutting down failed: ${error.message}`);
      return false;
    },
  );
  const inTime = await Promise.race([finished, sleep(Math.max(0, graceEnds - Date.now())).then(() => undefined)]);
  clearInterval(reaper);
  if (inTime === undefined) {
    logger.warn('Requests still in flight after SHUTDOWN_GRACE_MS: cutting their connections');
    server.closeAllConnections();
    await Promise.race([finished, sleep(HOOKS_AFTER_GRACE_MS)]);
    return 1;
  }
  if (inTime) logger.log('Every request in flight has finished: exiting');
  return inTime ? 0 : 1;
}

/** Closes the listener and waits for the requests in flight, then for their cache writes, then runs Nest's shutdown hooks. */
async function finishInFlight(app: INestApplication): Promise<void> {
  await app.getHttpAdapter().close();
  await app.get(BackgroundWork).settled();
  await app.close();
}

/** Shuts down on SIGTERM or SIGINT, then exits with shutDown's code; a second signal exits at once (1). */
export function exitGracefullyOnSignals(
  app: INestApplication,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) return exit(1);
    shuttingDown = true;
    void shutDown(app, signal).then(exit);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
