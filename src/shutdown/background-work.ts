import { Injectable } from '@nestjs/common';

/**
 * Work that outlives its request (storing an answer once its stream has ended), so that a graceful
 * shutdown can let it finish after the last response and before the index snapshot and Redis close.
 */
@Injectable()
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => void this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once every tracked work has settled, including work tracked meanwhile. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
