import { FlightLock } from '../../src/answer-cache/single-flight/flight-lock.port';

/** How long a wait may take before it counts as "not woken": far above a wake-up, far below the test timeout. */
const WAKE_BOUND_MS = 3_000;

const outcome = (wait: Promise<void>, boundMs: number) =>
  Promise.race([
    wait.then(() => 'resolved' as const),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), boundMs).unref()),
  ]);

/**
 * The contract every {@link FlightLock} adapter passes. `makeSut` returns a fresh lock, and a second
 * one standing for another replica on the same store.
 */
export function flightLockContract(name: string, makeSut: () => Promise<{ sut: FlightLock; other: FlightLock }>): void {
  describe(`FlightLock contract: ${name}`, () => {
    let sut: FlightLock;
    let other: FlightLock;
    beforeEach(async () => ({ sut, other } = await makeSut()));

    it('lets the first caller of a key take it', async () => {
      const held = await sut.tryAcquire('k');

      expect(held).toBeDefined();
      await held?.release();
    });

    it('lets go of a released key, so the next caller takes it', async () => {
      await (await sut.tryAcquire('k'))?.release();

      const again = await other.tryAcquire('k');

      expect(again).toBeDefined();
      await again?.release();
    });

    it('keeps different keys apart', async () => {
      const first = await sut.tryAcquire('a');
      const second = await other.tryAcquire('b');

      expect([first, second].every((held) => held !== undefined)).toBe(true);
      await Promise.all([first?.release(), second?.release()]);
    });

    it('waits no longer than asked when nothing is released', async () => {
      expect(await outcome(sut.waitForRelease('idle', 50), WAKE_BOUND_MS)).toBe('resolved');
    });

    it('refuses a key another caller holds, while it holds it (shared adapters)', async () => {
      const held = await sut.tryAcquire('k');
      const second = await other.tryAcquire('k');

      if (sut.shared) expect(second).toBeUndefined();
      else expect(second).toBeDefined(); // one process: in-process single flight already merged the callers
      await held?.release();
    });

    it('wakes a waiter on another replica when the holder releases (shared adapters)', async () => {
      if (!sut.shared) return expect(sut.shared).toBe(false);
      await other.waitForRelease('warm-up', 1); // the first wait opens the wake-up connection
      const held = await sut.tryAcquire('k');
      const waiting = other.waitForRelease('k', 60_000);
      await held?.release();

      expect(await outcome(waiting, WAKE_BOUND_MS)).toBe('resolved');
      const next = await other.tryAcquire('k');
      expect(next).toBeDefined();
      await next?.release();
    });
  });
}
