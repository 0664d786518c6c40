import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis, { ReplyError } from 'ioredis';
import { scanKeys } from '../../redis/scan-keys';
import { KeyPresence } from '../key-presence.port';
import { KeyFingerprints } from './key-fingerprints';

/** Where Redis sends invalidations to a client that redirects them to a RESP2 subscription. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';
/**
 * Announced keys are never dropped (removals look like writes), so the set is rebuilt by a new
 * SCAN once it has grown past twice the keys the last one found, and at least past this many:
 * about 3 MB of fingerprints.
 */
const MIN_REBUILD_SIZE = 100_000;
/** Pause before a failed SCAN is tried again, while the subscription stays up. */
const RETRY_MS = 1000;
/**
 * Set-ups that lose their connection in a row before tracking is given up: something between us
 * and Redis (a proxy) may close connections that ask for it, and each reconnect would ask again.
 */
const MAX_SETUP_DROPS = 5;

/**
 * Knows which keys under `prefix` exist in Redis, so a read of a new key can be skipped: a miss on
 * a new prompt then costs no round trip. Built on Redis's own client-side-caching protocol
 * (CLIENT TRACKING in broadcasting mode, Redis 6+): the server announces every change to a key
 * under the prefix, whoever made it (other replicas, the Python demo, expiry, eviction), so the
 * set is a SCAN taken once plus every key announced since.
 *
 * An announcement does not say whether the key was written or removed, so announced keys are
 * kept: a removed key only costs the read that every miss cost before (flushes, expiry and
 * eviction alike). The set is trusted only while the connection that receives announcements has
 * stayed up since its SCAN began; when it drops, every read goes to Redis until a new SCAN has
 * finished after the reconnect.
 */
export class RedisTrackedKeys implements KeyPresence, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisTrackedKeys.name);
  private subscriber?: Redis;
  /** The keys that may exist; undefined while nothing is known (every read goes to Redis). */
  private known?: KeyFingerprints;
  /** The set a running SCAN fills; announcements go into it too. */
  private filling?: KeyFingerprints;
  /** Bumped when the connection drops and when a SCAN starts: an older SCAN then stops. */
  private generation = 0;
  private readonly minRebuildSize: number;
  private readonly onTrustChange: (trusted: boolean) => void;
  private rebuildAbove: number;
  private stopped = false;
  private setupDrops = 0;

  /**
   * @param redis the store's connection: SCANs run on it; announcements arrive on a duplicate.
   * @param options.onTrustChange told whenever reads start or stop being skipped (for metrics).
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: { onTrustChange?: (trusted: boolean) => void; minRebuildSize?: number } = {},
  ) {
    this.onTrustChange = options.onTrustChange ?? (() => undefined);
    this.minRebuildSize = options.minRebuildSize ?? MIN_REBUILD_SIZE;
    this.rebuildAbove = this.minRebuildSize;
  }

  /** Whether reads of unknown keys are being skipped. */
  get trusted(): boolean {
    return this.known !== undefined;
  }

  mayExist(key: string): boolean {
    return this.known === undefined || !key.startsWith(this.prefix) || this.known.has(key);
  }

  noteWrite(key: string): void {
    if (!key.startsWith(this.prefix)) return;
    this.known?.add(key);
    this.filling?.add(key);
  }

  /** Connects in the background: until the first SCAN has finished, every read goes to Redis. */
  onApplicationBootstrap(): void {
    // Its own connection: a RESP2 subscriber can send nothing else. Tracking is not restored by
    // a reconnect, so each 'ready' sets it up again (autoResubscribe off), and a set-up cut short
    // fails rather than being resent on the next connection (which sets up on its own).
    this.subscriber = this.redis.duplicate({
      lazyConnect: false,
      autoResubscribe: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: true,
      enableAutoPipelining: false,
      commandTimeout: undefined,
      // A subscriber has nothing to flush; ioredis otherwise holds a 2 s timer on a dropped stream.
      disconnectTimeout: 200,
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Key tracking connection: ${error.message}`));
    this.subscriber.on('ready', () => void this.track());
    this.subscriber.on('close', () => this.forget());
    this.subscriber.on('messageBuffer', (channel: Buffer, keys: Buffer[] | null) => {
      if (channel.toString() === INVALIDATE_CHANNEL) this.announced(keys);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.forget();
    this.closeSubscriber();
  }

  /** Once only: a second disconnect() of an ended ioredis stream leaves a 2 s timer behind. */
  private closeSubscriber(): void {
    if (this.subscriber && this.subscriber.status !== 'end') this.subscriber.disconnect();
  }

  private async track(): Promise<void> {
    const subscriber = this.subscriber!;
    try {
      const id = await subscriber.client('ID');
      await subscriber.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id), 'BCAST', 'PREFIX', this.prefix);
      await subscriber.subscribe(INVALIDATE_CHANNEL);
    } catch (error) {
      if (error instanceof ReplyError || ++this.setupDrops >= MAX_SETUP_DROPS) {
        // Redis < 6, an ACL without CLIENT, or a proxy that drops such connections: the cache
        // works, every miss costs a read.
        const why = error instanceof ReplyError ? 'Redis refused key tracking' : `Key tracking lost its connection ${MAX_SETUP_DROPS} times while setting up`;
        this.logger.warn(`${why} (${(error as Error).message}); every exact-layer miss reads Redis`);
        this.stopped = true;
        this.closeSubscriber();
      }
      return; // a dropped connection: 'ready' comes again after the reconnect
    }
    this.setupDrops = 0;
    this.logger.log(`Tracking ${this.prefix}* keys: misses on keys Redis does not hold skip the read`);
    await this.fill({ keepKnown: false });
  }

  private announced(keys: Buffer[] | null): void {
    // null: a database was flushed (which one is not said). A flush only removes keys, so what
    // is known stays a superset of what exists; clearing it would hide the keys of our database
    // whenever another one is flushed.
    if (keys === null) return;
    for (const key of keys) {
      const text = key.toString();
      this.known?.add(text);
      this.filling?.add(text);
    }
    if (this.known && !this.filling && this.known.size > this.rebuildAbove) void this.fill({ keepKnown: true });
  }

  /**
   * SCANs the prefix into a new set, which replaces the known one when complete. A rebuild
   * (keepKnown) keeps trusting the old set meanwhile: it holds every key the new one will.
   */
  private async fill({ keepKnown }: { keepKnown: boolean }): Promise<void> {
    const generation = ++this.generation;
    if (!keepKnown) this.setKnown(undefined);
    const filling = (this.filling = new KeyFingerprints());
    try {
      for await (const keys of scanKeys(this.redis, this.prefix)) {
        if (generation !== this.generation) return;
        for (const key of keys) filling.add(key);
      }
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      this.logger.warn(`Key tracking SCAN failed, retrying in ${RETRY_MS} ms: ${(error as Error).message}`);
      setTimeout(() => generation === this.generation && void this.fill({ keepKnown }), RETRY_MS).unref();
      return;
    }
    if (generation !== this.generation) return;
    this.filling = undefined;
    this.rebuildAbove = Math.max(2 * filling.size, this.minRebuildSize);
    this.setKnown(filling);
  }

  /** The connection that hears announcements dropped: what was heard before is incomplete now. */
  private forget(): void {
    this.generation++;
    this.filling = undefined;
    this.setKnown(undefined);
  }

  private setKnown(known: KeyFingerprints | undefined): void {
    const wasTrusted = this.trusted;
    this.known = known;
    if (this.trusted !== wasTrusted) this.onTrustChange(this.trusted);
  }
}
