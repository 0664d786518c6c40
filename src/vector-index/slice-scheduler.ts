import { Logger } from '@nestjs/common';

/** Event-loop time one slice may take (see SliceScheduler: plus at most one step of work). */
export const SLICE_MS = 4;

/** Work done a piece at a time (a bucket's graph inserts). */
export interface SlicedWork {
  /**
   * Does one step of work, sized to end by `deadline` (a `performance.now()` time) where it can;
   * at least one unit of work, so that a step longer than a slice still progresses.
   * @returns true when nothing is left to do.
   */
  runSlice(deadline: number): boolean;
}

/** Runs `turn` on a later turn of the event loop. */
export type Defer = (turn: () => void) => void;

/**
 * The check phase of the next event-loop turn, after the I/O that is ready: requests get in between
 * two slices. Unref'd: work left when the process ends is in-memory only and not worth waiting for.
 */
const nextTurn: Defer = (turn) => void setImmediate(turn).unref();

/**
 * Runs queued work in slices of about `sliceMs`, one slice per event-loop turn, taking turns
 * between works, so that the longest block of the event loop is one slice whatever the backlog.
 * A slice ends once `sliceMs` has passed, so it may overrun by one step of the work it ran last.
 * Every index of a process shares `GRAPH_INSERT_SLICES`: slices of separate schedulers would run
 * one after the other in the same turn.
 */
export class SliceScheduler {
  private readonly logger = new Logger(SliceScheduler.name);
  /** Works waiting for a slice, in turn order. */
  private readonly queue = new Set<SlicedWork>();
  private scheduled = false;

  constructor(
    readonly sliceMs = SLICE_MS,
    private readonly defer: Defer = nextTurn,
  ) {}

  /** Whether no work is waiting. */
  get idle(): boolean {
    return this.queue.size === 0;
  }

  /** Runs `work` in slices until it reports it is done; a work already waiting keeps its turn. */
  request(work: SlicedWork): void {
    this.queue.add(work);
    this.schedule();
  }

  /** Stops running `work` (it is being discarded). */
  cancel(work: SlicedWork): void {
    this.queue.delete(work);
  }

  /** One slice, now: each waiting work in turn (at least one) until `sliceMs` has passed. */
  runSlice(): void {
    const deadline = performance.now() + this.sliceMs;
    for (const work of [...this.queue]) {
      // To the back of the queue: the works still waiting at the deadline go first next time.
      this.queue.delete(work);
      if (!this.step(work, deadline)) this.queue.add(work);
      if (performance.now() >= deadline) break;
    }
  }

  private step(work: SlicedWork, deadline: number): boolean {
    try {
      return work.runSlice(deadline);
    } catch (error) {
      // Dropped rather than retried on every turn; the work asks again when it has more.
      this.logger.warn(`A sliced background task failed and was dropped: ${(error as Error).message}`);
      return true;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.queue.size === 0) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      this.runSlice();
      this.schedule();
    });
  }
}

/** The scheduler every bucket's graph inserts share by default: one event loop, one slice at a time. */
export const GRAPH_INSERT_SLICES = new SliceScheduler();
