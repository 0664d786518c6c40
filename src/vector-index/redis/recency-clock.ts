/**
 * Recency scores for the LRU sorted sets: epoch microseconds, with a per-process tiebreak so that
 * two uses within one millisecond keep their order (with millisecond scores Redis orders ties by
 * member name).
 */
export class RecencyClock {
  private last = 0;

  now(): number {
    const micros = Date.now() * 1000;
    this.last = Math.max(micros, this.last + 1);
    return this.last;
  }
}
