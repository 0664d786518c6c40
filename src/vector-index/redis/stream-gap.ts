import type { RedisClient } from '../../redis/redis-client';

/** What XINFO STREAM says of the change stream (Redis 7+); undefined when the stream does not exist. */
export interface StreamState {
  /** Entries ever appended to this stream; starts again from 0 when the key is created anew. */
  entriesAdded: number;
  /** The newest id trimmed or deleted from it ('0-0' when none). */
  maxDeletedId: string;
}

/**
 * The counts of the stream at `key` (XINFO STREAM): undefined when it does not exist,
 * 'unsupported' when the server predates them (Redis < 7).
 */
export async function readStreamState(
  redis: RedisClient,
  key: string,
): Promise<StreamState | undefined | 'unsupported'> {
  let info: unknown[];
  try {
    info = (await redis.xinfo('STREAM', key)) as unknown[];
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return undefined;
    throw error;
  }
  const field = (name: string) => {
    const at = info.indexOf(name);
    return at >= 0 && at % 2 === 0 ? info[at + 1] : undefined;
  };
  const [entriesAdded, maxDeletedId] = [field('entries-added'), field('max-deleted-entry-id')];
  if (typeof entriesAdded !== 'number' || typeof maxDeletedId !== 'string') return 'unsupported';
  return { entriesAdded, maxDeletedId };
}

/**
 * Why changes after `readUpTo` may be gone before this replica read them, or undefined when none
 * can be: the stream vanished (Redis restarted empty, or the key was deleted), was created anew
 * since the last look (its count of appended entries went down), or was trimmed past `readUpTo`
 * (this replica lagged more than the stream's length behind).
 */
export function lostChanges(
  now: StreamState | undefined,
  before: StreamState | undefined,
  readUpTo: string,
): string | undefined {
  if (now === undefined) return readUpTo === '0-0' ? undefined : 'the change stream is gone';
  if (before !== undefined && now.entriesAdded < before.entriesAdded) return 'the change stream was created anew';
  if (compareStreamIds(now.maxDeletedId, readUpTo) > 0) return 'the change stream was trimmed past this replica';
  return undefined;
}

/** Orders two stream ids (`<ms>-<seq>`) as numbers: negative when a is older. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq = '0'] = a.split('-');
  const [bMs, bSeq = '0'] = b.split('-');
  const ms = BigInt(aMs) - BigInt(bMs);
  const difference = ms !== 0n ? ms : BigInt(aSeq) - BigInt(bSeq);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
