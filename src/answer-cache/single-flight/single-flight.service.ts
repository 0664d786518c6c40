import { Injectable } from '@nestjs/common';
import { CachedAnswer } from '../../common/cached-answer';
import { FlightLock, HeldFlightLock } from './flight-lock.port';

/** How often a caller waiting on another replica's call looks for its answer when no wake-up came. */
const POLL_MS = 250;

/** The outcome of one key's turn across replicas: this caller holds the lock, or another replica stored the answer. */
export type Turn = { held: HeldFlightLock; stored?: undefined } | { stored: CachedAnswer; held?: undefined };

/**
 * Merges concurrent calls of one key: in this process through a map of in-flight promises, across
 * replicas through {@link FlightLock}. Hand-written rather than a coalescing library's
 * `getOrSet`: the cache must know who leads (to report followers as coalesced) and share a live
 * stream, which the libraries do not offer.
 */
@Injectable()
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private waitingCallers = 0;

  constructor(private readonly lock: FlightLock) {}

  /** Callers now waiting for another caller's upstream call (in this process, or on another replica). */
  get waiting(): number {
    return this.waitingCallers;
  }

  /** Whether a caller of `key` is now leading a flight in this process. */
  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  /**
   * Runs `lead` once per key among concurrent callers; the others get its promise. The key is
   * free again once `settled` (returned by lead) has settled.
   */
  join<T extends { settled: Promise<unknown> }>(
    key: string,
    lead: () => Promise<T>,
  ): { leader: boolean; outcome: Promise<T> } {
    const current = this.inFlight.get(key) as Promise<T> | undefined;
    if (current) return { leader: false, outcome: current };
    const outcome = lead();
    this.inFlight.set(key, outcome);
    const free = () => this.inFlight.get(key) === outcome && this.inFlight.delete(key);
    outcome.then(({ settled }) => settled.finally(free), free).catch(() => undefined);
    return { leader: true, outcome };
  }

  /** Counts a caller as waiting while `wait` runs. */
  async waitingFor<T>(wait: Promise<T>): Promise<T> {
    this.waitingCallers++;
    try {
      return await wait;
    } finally {
      this.waitingCallers--;
    }
  }

  /**
   * Takes the key's lock across replicas, or waits for the replica that holds it to store its
   * answer (`peek` reads it). A holder that dies releases by expiry and one waiter takes over; past
   * `maxWaitMs` a waiter calls the upstream itself, without the lock.
   */
  async turn(key: string, peek: () => Promise<CachedAnswer | undefined>, maxWaitMs: number): Promise<Turn> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const held = await this.lock.tryAcquire(key);
      if (held) return { held };
      await this.waitingFor(this.lock.waitForRelease(key, Math.max(0, Math.min(POLL_MS, deadline - Date.now()))));
      const stored = await peek();
      if (stored) return { stored };
      if (Date.now() >= deadline) return { held: { release: () => Promise.resolve() } };
    }
  }
}
