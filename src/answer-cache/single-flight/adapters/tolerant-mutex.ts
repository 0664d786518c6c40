import { Mutex } from 'redis-semaphore';

/**
 * redis-semaphore's Mutex, whose timed refresh survives a failing Redis. The library's refresh timer
 * awaits the refresh without a catch, so one command error while a lock is held (a Redis restart, a
 * command timeout) became an unhandled rejection, which ends a Node process. Here an error is
 * reported and the next interval tries again; a lock Redis really lost expires on its own.
 */
export class TolerantMutex extends Mutex {
  /** Called with each refresh that failed for a reason other than a lost lock. */
  onRefreshError: (error: Error) => void = () => undefined;

  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch (error) {
      this.onRefreshError(error as Error);
      return true;
    }
  }
}
