import { SLICE_MS, SliceScheduler } from '../../src/vector-index/slice-scheduler';

/**
 * A SliceScheduler whose event-loop turns run only when a test says so: graph inserts then wait
 * for as long as the test needs them to.
 */
export function manualSlices() {
  const turns: (() => void)[] = [];
  const slices = new SliceScheduler(SLICE_MS, (turn) => void turns.push(turn));
  return {
    slices,
    /** Turns asked for and not run yet. */
    turnsWaiting: () => turns.length,
    /** Runs the oldest turn asked for. */
    runTurn: () => turns.shift()?.(),
    /** Runs turns until no work is left (each slice makes progress, so this ends). */
    drain: () => {
      while (turns.length > 0) turns.shift()!();
    },
  };
}
