import { FlightLock, HeldFlightLock } from '../flight-lock.port';

const NOTHING_HELD: HeldFlightLock = { release: () => Promise.resolve() };

/**
 * Without a shared store there are no other replicas: in-process single flight already merges
 * every caller of a key, so the lock is always free.
 */
export class LocalFlightLock extends FlightLock {
  readonly shared = false;

  tryAcquire(): Promise<HeldFlightLock> {
    return Promise.resolve(NOTHING_HELD);
  }

  waitForRelease(_key: string, ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}
