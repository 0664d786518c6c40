import { INestApplication, Logger } from '@nestjs/common';
import { Environment } from '../config/environment';
import { ResilienceConfig } from '../config/resilience.config';
import { BackgroundWork } from './background-work';
import { shutDown } from './graceful-shutdown';
import { ShutdownState } from './shutdown-state';

/** The members of a Nest app a shutdown uses; `finishRequests` lets the requests in flight end. */
function fakeApp(drainMs: number, graceMs: number) {
  const state = new ShutdownState();
  const background = new BackgroundWork();
  const config = new ResilienceConfig(
    Object.assign(new Environment(), { SHUTDOWN_DRAIN_MS: drainMs, SHUTDOWN_GRACE_MS: graceMs }),
  );
  const server = { closeIdleConnections: jest.fn(), closeAllConnections: jest.fn() };
  let finishRequests!: () => void;
  const closeHttp = jest.fn(() => new Promise<void>((resolve) => (finishRequests = resolve)));
  const runHooks = jest.fn(() => Promise.resolve());
  const services = new Map<unknown, unknown>([
    [ShutdownState, state],
    [BackgroundWork, background],
    [ResilienceConfig, config],
  ]);
  const app = {
    get: (type: unknown) => services.get(type),
    getHttpServer: () => server,
    getHttpAdapter: () => ({ close: closeHttp }),
    close: runHooks,
  } as unknown as INestApplication;
  return { app, state, background, server, closeHttp, runHooks, finishRequests: () => finishRequests() };
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

describe(shutDown.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('takes readiness down at once and keeps serving through the drain', async () => {
    const sut = fakeApp(1000, 10_000);

    void shutDown(sut.app, 'SIGTERM', quiet);
    await jest.advanceTimersByTimeAsync(999);

    expect(sut.state.draining).toBe(true);
    expect(sut.closeHttp).not.toHaveBeenCalled();
  });

  it('closes the listener after the drain, reaps sockets that go idle, and exits 0 once the requests are done', async () => {
    const sut = fakeApp(1000, 10_000);

    const code = shutDown(sut.app, 'SIGTERM', quiet);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sut.closeHttp).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(300);
    expect(sut.runHooks).not.toHaveBeenCalled();
    sut.finishRequests();

    await expect(code).resolves.toBe(0);
    expect(sut.server.closeIdleConnections).toHaveBeenCalledTimes(3);
    expect(sut.runHooks).toHaveBeenCalledTimes(1);
    expect(sut.server.closeAllConnections).not.toHaveBeenCalled();
  });

  it("lets the requests' cache writes finish before the shutdown hooks (snapshot, Redis) run", async () => {
    const sut = fakeApp(0, 10_000);
    let finishWrite!: () => void;
    void sut.background.track(new Promise<void>((resolve) => (finishWrite = resolve)));

    const code = shutDown(sut.app, 'SIGTERM', quiet);
    await jest.advanceTimersByTimeAsync(0);
    sut.finishRequests();
    await jest.advanceTimersByTimeAsync(100);
    expect(sut.runHooks).not.toHaveBeenCalled();
    finishWrite();

    await expect(code).resolves.toBe(0);
    expect(sut.runHooks).toHaveBeenCalledTimes(1);
  });

  it('skips the drain on SIGINT', async () => {
    const sut = fakeApp(1000, 10_000);

    void shutDown(sut.app, 'SIGINT', quiet);
    await jest.advanceTimersByTimeAsync(0);

    expect(sut.closeHttp).toHaveBeenCalledTimes(1);
  });

  it('cuts the connections still open when the grace period ends, and exits 1', async () => {
    const sut = fakeApp(1000, 10_000);

    const code = shutDown(sut.app, 'SIGTERM', quiet);
    await jest.advanceTimersByTimeAsync(9999);
    expect(sut.server.closeAllConnections).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    sut.finishRequests();

    await expect(code).resolves.toBe(1);
    expect(sut.server.closeAllConnections).toHaveBeenCalledTimes(1);
  });
});
