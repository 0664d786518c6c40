/** The right to call the upstream for one key, held until released (or until it expires). */
export interface HeldFlightLock {
  /** Lets the key go and wakes the callers waiting for it on every replica. Never rejects. */
  release(): Promise<void>;
}

/**
 * One caller per exact key across replicas calls the upstream; the others wait for its stored
 * answer. The abstract class is the DI token. A lock is an optimisation, never a new way to fail:
 * an adapter that cannot reach its store acquires (the caller then computes on its own).
 */
export abstract class FlightLock {
  /** Whether other replicas can hold locks (false: this process is the only one, every acquire succeeds). */
  abstract readonly shared: boolean;

  /** Takes the key's lock; undefined when another caller holds it. Never rejects. */
  abstract tryAcquire(key: string): Promise<HeldFlightLock | undefined>;

  /**
   * Resolves once the holder of `key` releases it, or after `ms` at the latest (the holder may
   * have died: its lock then expires). Never rejects.
   */
  abstract waitForRelease(key: string, ms: number): Promise<void>;
}
