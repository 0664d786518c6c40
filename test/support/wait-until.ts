/**
 * Resolves once `condition` holds, checking it between event-loop turns; rejects naming `what`
 * after `timeoutMs` (a condition that never comes fails the test instead of hanging it).
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
