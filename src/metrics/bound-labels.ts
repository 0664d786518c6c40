/**
 * Memoises a metric's labelled children, so the hot path looks up one Map entry instead of
 * hashing a label object on every increment (prom-client sorts and joins label names each call).
 * Label sets are bounded (layers, sources, routes), so the memo stays small.
 *
 * @param labels the metric's `labels(...values)`, values in the order of its labelNames.
 */
export function boundLabels<Child>(labels: (...values: string[]) => Child): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values: string[]) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = labels(...values);
      children.set(key, child);
    }
    return child;
  };
}
