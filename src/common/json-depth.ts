/**
 * Whether `value` nests arrays and objects more than `maxDepth` levels deep (a scalar is depth 0,
 * `[]` and `{}` depth 1). Iterative, so any depth JSON.parse can build is measured without
 * overflowing the stack; it stops at the first container past the limit.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth === maxDepth) return true;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}
