import { Logger } from '@nestjs/common';
import { duplicateClient, RedisClient } from '../../redis/redis-client';
import { randomUUID } from 'node:crypto';
import { compareStreamIds, lostChanges, readStreamState, StreamState } from './stream-gap';

/** One change to the semantic index, as replicas tell each other. */
export type IndexChange =
  | { op: 'upsert'; namespace: string; id: string }
  | { op: 'delete'; namespace: string; id: string }
  | { op: 'clear'; namespace?: string };

/** The stream key. No `embed_cache:` prefix, so clearing the layer by prefix leaves it alone. */
export const CHANGE_STREAM = 'embed_cache_changes';
/** Approximate cap on the stream: a replica down for longer than this many changes reloads instead. */
const STREAM_MAX_LENGTH = 100_000;
/** How long one XREAD blocks; bounds the delay of stopping, not of delivery. */
const BLOCK_MS = 1000;
/** How often a follower asks whether changes it had not read yet were lost. */
const GAP_CHECK_MS = 1000;

/** Reloads the mirror after lost changes (`reason`); resolves the stream position to follow from. */
export type GapHandler = (reason: string) => Promise<string>;

/**
 * Replicas keep their in-process mirrors in step through a Redis Stream: every change is
 * appended with the writer's id once it is made, and each replica reads the stream from where
 * its load began, so a replica that was down catches up (pub/sub would drop what it missed).
 * Chosen over keyspace notifications, which need server config and carry no namespace semantics.
 * One stream (one key, so one slot of a cluster) keeps a single order and a single position.
 */
export class RedisChangeFeed {
  private readonly logger = new Logger(RedisChangeFeed.name);
  /** Identifies this process's own changes, which it has applied already. */
  readonly origin = randomUUID();
  private reader?: RedisClient;
  private stopped = false;
  /** Resolves at stop(): a cluster client disconnected mid-failover may leave a pending read unsettled. */
  private readonly stopping: Promise<undefined>;
  private resolveStopping = () => {};
  private following?: Promise<void>;
  private last = '0-0';
  /** The stream as last seen by the gap check; 'unsupported' before Redis 7, which lacks the counts. */
  private seen?: StreamState | 'unsupported';
  private checkedAt = 0;

  constructor(private readonly redis: RedisClient) {
    this.stopping = new Promise((resolve) => (this.resolveStopping = () => resolve(undefined)));
  }

  async publish(change: IndexChange): Promise<void> {
    await this.redis.xadd(CHANGE_STREAM, 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', ...this.fields(change));
  }

  private fields(change: IndexChange): string[] {
    return [
      'op',
      change.op,
      'origin',
      this.origin,
      'ns',
      change.namespace ?? '',
      'id',
      'id' in change ? change.id : '',
    ];
  }

  /** The id of the newest change so far ('0-0' when none): follow from here after loading. */
  async position(): Promise<string> {
    const newest = await this.redis.xrevrange(CHANGE_STREAM, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0-0';
  }

  /**
   * Whether every change after `position` is still in the stream (it is trimmed to about
   * STREAM_MAX_LENGTH, oldest first): true when its oldest entry is at or before `position`, or
   * when there never was a change (no stream, and none before `position` either).
   */
  async holdsEverythingAfter(position: string): Promise<boolean> {
    const [oldest] = await this.redis.xrange(CHANGE_STREAM, '-', '+', 'COUNT', 1);
    if (oldest === undefined) return position === '0-0';
    return compareStreamIds(oldest[0], position) <= 0;
  }

  /** Applies every change after `from` (a restored snapshot's position), own ones included; resolves the last id. */
  async catchUp(from: string, apply: (change: IndexChange) => Promise<void>): Promise<string> {
    let last = from;
    for (;;) {
      const batch = await this.redis.xrange(CHANGE_STREAM, `(${last}`, '+', 'COUNT', 1000);
      if (batch.length === 0) return last;
      for (const [id, fields] of batch) {
        last = id;
        const { change } = parse(fields);
        if (change) await apply(change);
      }
    }
  }

  /** The newest change this process has applied or skipped as its own: a snapshot taken now reflects everything up to it. */
  get appliedUpTo(): string | undefined {
    return this.following ? this.last : undefined;
  }

  /**
   * Applies other replicas' changes after `from`, in order, until stop(). When changes it had not
   * read were lost (the stream trimmed past it, or gone with a Redis that restarted empty),
   * `onGap` reloads the mirror and following resumes from the position it gives.
   */
  async follow(from: string, apply: (change: IndexChange) => Promise<void>, onGap?: GapHandler): Promise<void> {
    // Stopped first (an app closed while it booted): a reader opened now would reconnect forever.
    if (this.stopped) return;
    // XREAD BLOCK holds its connection, so it gets its own.
    this.reader = duplicateClient(this.redis, {
      enableOfflineQueue: true,
      lazyConnect: false,
      commandTimeout: undefined,
    });
    this.reader.on('error', (error: Error) => this.logger.warn(`Change feed: ${error.message}`));
    // Unknown when Redis cannot say now: the first check then has nothing to compare counts with.
    this.seen = await readStreamState(this.redis, CHANGE_STREAM).catch(() => undefined);
    this.following = this.loop(from, apply, onGap);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resolveStopping();
    this.reader?.disconnect();
    await this.following;
  }

  private async loop(from: string, apply: (change: IndexChange) => Promise<void>, onGap?: GapHandler): Promise<void> {
    this.last = from;
    while (!this.stopped) {
      try {
        const read = this.reader!.xread('COUNT', 500, 'BLOCK', BLOCK_MS, 'STREAMS', CHANGE_STREAM, this.last);
        read.catch(() => undefined); // a read abandoned at stop may still fail later
        const batches = await Promise.race([read, this.stopping]);
        if (this.stopped) return;
        for (const [id, fields] of batches?.[0]?.[1] ?? []) {
          const { change, origin } = parse(fields);
          if (change && origin !== this.origin) await apply(change);
          this.last = id;
        }
        if (onGap) await this.checkForGap(onGap);
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`Change feed read failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, BLOCK_MS).unref());
      }
    }
  }

  /** At most once per GAP_CHECK_MS: reloads through `onGap` when changes not yet read were lost. */
  private async checkForGap(onGap: GapHandler): Promise<void> {
    if (this.seen === 'unsupported' || Date.now() - this.checkedAt < GAP_CHECK_MS) return;
    this.checkedAt = Date.now();
    const now = await readStreamState(this.redis, CHANGE_STREAM);
    if (now === 'unsupported') return;
    const reason = lostChanges(now, this.seen, this.last);
    this.seen = now;
    if (reason === undefined || this.stopped) return;
    this.last = await onGap(reason);
    this.seen = await readStreamState(this.redis, CHANGE_STREAM);
  }
}

/** Stream fields come as [name, value, name, value...]. Unknown shapes are skipped, not fatal. */
function parse(fields: string[]): { change?: IndexChange; origin?: string } {
  const value = (name: string) => {
    const at = fields.indexOf(name);
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  };
  const [op, namespace, id, origin] = [value('op'), value('ns'), value('id'), value('origin')];
  if (op === 'clear') return { change: { op, namespace: namespace || undefined }, origin };
  if ((op === 'upsert' || op === 'delete') && namespace && id) return { change: { op, namespace, id }, origin };
  return { origin };
}
