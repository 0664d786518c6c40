/**
 * What a store may know about which keys exist, so that a read of a key known to be absent can be
 * skipped. It may be wrong only one way: `mayExist` can say true of a missing key (the read then
 * finds nothing, as it would have anyway), never false of a key that exists.
 */
export interface KeyPresence {
  /** false only when `key` is known not to exist; true when it may, or when nothing is known. */
  mayExist(key: string): boolean;
  /** Called before `key` is written, so this process never skips a read of its own write. */
  noteWrite(key: string): void;
}
