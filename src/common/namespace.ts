/**
 * A cache namespace: segments of A-Z a-z 0-9 _ . - joined by `/` (`team-a`, `team-a/docs`), at most
 * 128 characters. A key's namespace owns every namespace below it (`team-a/…`).
 */
export const NAMESPACE_PATTERN = /^(?=.{1,128}$)[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

export const NAMESPACE_RULE = '1-128 characters of A-Z a-z 0-9 _ . - in segments separated by /';

/** Whether `namespace` is `base` itself or one of its sub-namespaces (`base/…`). */
export function isWithinNamespace(namespace: string, base: string): boolean {
  return namespace === base || (namespace.length > base.length && namespace.startsWith(`${base}/`));
}
