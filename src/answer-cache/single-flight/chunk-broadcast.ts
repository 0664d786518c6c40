/** The bytes of a shared upstream answer as one caller reads them. */
export interface BodySubscription extends AsyncIterable<Buffer> {
  /** Stops reading at once (the caller's client left), even while waiting for the next chunk. */
  cancel(): void;
}

/**
 * The bytes of one upstream answer for every caller that shares it: a subscriber first gets what
 * came before it joined, then the rest as it arrives. Once every subscriber has left before the
 * end, `onAbandoned` runs (the caller aborts the upstream call: nobody would read the rest).
 */
export class ChunkBroadcast {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private failure?: Error;
  private waiting: (() => void)[] = [];
  private subscribers = 0;

  constructor(private readonly onAbandoned: () => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    this.failure = error;
    this.wake();
  }

  /** Counted as a listener from this call on, so a subscriber that has not started reading keeps the call alive. */
  subscribe(): BodySubscription {
    this.subscribers++;
    const state = { cancelled: false };
    const chunks = this.read(state);
    return {
      [Symbol.asyncIterator]: () => chunks,
      cancel: () => {
        state.cancelled = true;
        this.wake();
      },
    };
  }

  private async *read(state: { cancelled: boolean }): AsyncGenerator<Buffer> {
    let next = 0;
    try {
      for (;;) {
        while (next < this.chunks.length && !state.cancelled) yield this.chunks[next++];
        if (state.cancelled) return;
        if (this.failure) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    } finally {
      this.subscribers--;
      if (this.subscribers === 0 && !this.ended && !this.failure) this.onAbandoned();
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
