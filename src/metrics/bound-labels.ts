type Tree<Child> = Map<string, Tree<Child> | Child>;

/**
 * Memoises a metric's labelled children, so the hot path walks a small tree of Maps instead of
 * hashing a label object on every increment (prom-client sorts and joins label names each call).
 * Label sets are bounded (layers, sources, routes), so the memo stays small.
 *
 * @param labels the metric's `labels(...values)`, values in the order of its labelNames.
 */
export function boundLabels<Child>(labels: (...values: string[]) => Child): (...values: string[]) => Child {
  const root: Tree<Child> = new Map();
  return (...values: string[]) => {
    let node = root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i]) as Tree<Child> | undefined;
      if (next === undefined) node.set(values[i], (next = new Map()));
      node = next;
    }
    const last = values[values.length - 1];
    let child = node.get(last) as Child | undefined;
    if (child === undefined) node.set(last, (child = labels(...values)));
    return child;
  };
}
