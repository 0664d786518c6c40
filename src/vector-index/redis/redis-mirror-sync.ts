import { Logger } from '@nestjs/common';
import { embedKey, parseEmbedKey } from '../embed-entry-codec';
import { IndexedRef, InMemoryVectors } from '../in-memory-vectors';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { IndexChange, RedisChangeFeed } from './redis-change-feed';
import { RedisEntryStore } from './redis-entry-store';

/** Keys per SCAN batch while loading; also one graph batch insert per bucket. */
const LOAD_BATCH = 1000;
/** A progress line this often while loading. */
const LOG_EVERY = 20_000;

/**
 * Keeps the in-process mirror in step with Redis: fills it at boot (from a snapshot plus the
 * changes since, else by scanning every hash), then applies other replicas' changes from the
 * change feed; writes the snapshots that let a restart skip the scan.
 */
export class RedisMirrorSync {
  /** Whether the mirror changed since the snapshot this process wrote or restored last. */
  private changedSinceSnapshot = true;
  private snapshotting?: Promise<number | undefined>;

  constructor(
    private readonly mirror: InMemoryVectors<IndexedRef>,
    private readonly entries: RedisEntryStore,
    private readonly feed: RedisChangeFeed,
    private readonly logger: Logger,
    private readonly snapshots?: IndexSnapshots,
  ) {}

  /** Called by every write this process makes to the mirror itself. */
  markChanged(): void {
    this.changedSinceSnapshot = true;
  }

  /**
   * Fills the mirror: from the snapshot plus the changes since (when there is a usable one), else
   * by scanning Redis; then follows other replicas' changes.
   */
  async load(): Promise<number> {
    const started = Date.now();
    const restored = await this.restoreSnapshot();
    if (restored !== undefined) {
      const position = await this.feed.catchUp(restored, (change) => this.apply(change));
      const loaded = this.mirror.size();
      this.logger.log(
        `Semantic index restored from its snapshot and caught up: ${loaded} entries in ${Date.now() - started} ms`,
      );
      await this.follow(position);
      return loaded;
    }
    const { position, loaded } = await this.rebuild();
    await this.follow(position);
    return loaded;
  }

  private follow(position: string): Promise<void> {
    return this.feed.follow(
      position,
      (change) => this.apply(change),
      (reason) => this.reloadAfterLostChanges(reason),
    );
  }

  /**
   * Changes this replica had not read are gone from the stream, so its mirror may hold entries
   * deleted since, or lack new ones: it is emptied and filled again from Redis. Semantic lookups
   * miss meanwhile; that is better than answering from entries that no longer exist.
   */
  private async reloadAfterLostChanges(reason: string): Promise<string> {
    this.logger.warn(`${reason}: reloading the semantic index from Redis`);
    this.mirror.clear();
    this.changedSinceSnapshot = true;
    return (await this.rebuild()).position;
  }

  /** The snapshot's stream position once it is loaded, or undefined when the index must be rebuilt. */
  private async restoreSnapshot(): Promise<string | undefined> {
    const snapshot = this.snapshots?.restore(this.mirror);
    if (!snapshot) return undefined;
    if (await this.feed.holdsEverythingAfter(snapshot.position)) {
      this.changedSinceSnapshot = false;
      return snapshot.position;
    }
    this.logger.warn(
      `The change stream no longer holds every change since the snapshot (${snapshot.position}); rebuilding from Redis`,
    );
    this.mirror.clear();
    return undefined;
  }

  /** Scans every `embed_cache:*` hash into the mirror; resolves the stream position taken before the scan, to follow from. */
  private async rebuild(): Promise<{ position: string; loaded: number }> {
    const position = await this.feed.position();
    const started = Date.now();
    let loaded = 0;
    let nextLog = LOG_EVERY;
    for await (const keys of this.entries.scanKeys(LOAD_BATCH)) {
      loaded += await this.readIntoMirror(keys, true);
      if (loaded >= nextLog) {
        this.logger.log(
          `Semantic index loading: ${loaded} entries so far (${Math.round((loaded * 1000) / (Date.now() - started + 1))}/s)`,
        );
        nextLog += LOG_EVERY;
      }
      // Graph inserts are synchronous: let health probes and requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.logger.log(`Semantic index loaded ${loaded} entries from Redis in ${Date.now() - started} ms`);
    return { position, loaded };
  }

  /**
   * Writes a snapshot as of the last change applied; resolves its entry count, or undefined when
   * snapshots are off or the index has not finished loading.
   */
  async persistSnapshot(): Promise<number | undefined> {
    // One write at a time (the timer and a shutdown can meet).
    this.snapshotting ??= this.writeSnapshot().finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  private async writeSnapshot(): Promise<number | undefined> {
    const position = this.feed.appliedUpTo;
    if (!this.snapshots || position === undefined) return undefined;
    // Writing blocks the event loop (usearch saves synchronously): not again for an unchanged index.
    if (!this.changedSinceSnapshot) return undefined;
    const started = Date.now();
    // Cleared first: a change during the asynchronous part of the write belongs to the next snapshot.
    this.changedSinceSnapshot = false;
    try {
      const { entries, blockedMs } = await this.snapshots.write(this.mirror, position);
      this.logger.log(
        `Semantic index snapshot: ${entries} entries as of ${position} in ${Date.now() - started} ms (event loop blocked ${blockedMs} ms)`,
      );
      return entries;
    } catch (error) {
      this.changedSinceSnapshot = true;
      throw error;
    }
  }

  /**
   * Copies the vectors under `keys` from Redis into the mirror (a key that is gone leaves it);
   * resolves how many were usable. `bulk`: into the graphs now, as one batch per bucket (a rebuild);
   * else in the background, as a local write does.
   */
  private async readIntoMirror(keys: string[], bulk: boolean): Promise<number> {
    const { usable, gone } = await this.entries.readIndexFields(keys);
    for (const key of gone) {
      const parsed = parseEmbedKey(key);
      if (parsed) this.mirror.delete(parsed.namespace, parsed.id);
    }
    if (bulk) this.mirror.upsertMany(usable);
    else for (const { ref, vector } of usable) this.mirror.upsert(ref, vector);
    return usable.length;
  }

  /** Another replica's change, applied to this mirror. */
  private async apply(change: IndexChange): Promise<void> {
    this.changedSinceSnapshot = true;
    if (change.op === 'upsert') await this.readIntoMirror([embedKey(change.namespace, change.id)], false);
    else if (change.op === 'delete') this.mirror.delete(change.namespace, change.id);
    else this.mirror.clear(change.namespace);
  }
}
