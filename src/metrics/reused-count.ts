/**
 * A count that is expensive to take (a SCAN of the whole keyspace), reused for `maxAgeMs`: a caller
 * gets the last finished count at once and, when it is older than that, starts one new count in
 * the background (never two at a time). Only the first call waits for a count.
 */
export function reusedCount(
  count: () => Promise<number>,
  {
    maxAgeMs,
    onBackgroundError,
    now = Date.now,
  }: { maxAgeMs: number; onBackgroundError: (error: Error) => void; now?: () => number },
): () => Promise<number> {
  let last: { value: number; at: number } | undefined;
  let running: Promise<number> | undefined;
  const start = (): Promise<number> =>
    (running ??= count()
      .then((value) => {
        last = { value, at: now() };
        return value;
      })
      .finally(() => (running = undefined)));
  return async () => {
    if (last === undefined) return start();
    if (now() - last.at >= maxAgeMs) start().catch(onBackgroundError); // callers keep the last count meanwhile
    return last.value;
  };
}
