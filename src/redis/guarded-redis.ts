import { ReplyError } from 'ioredis';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { RedisClient } from './redis-client';

/**
 * Never refused: connecting, closing and subscribing (the client must always be able to reconnect
 * and quit), and the transaction builders, which return a pipeline rather than a promise.
 */
const UNGUARDED = new Set([
  'auth',
  'client',
  'cluster',
  'exec',
  'hello',
  'info',
  'monitor',
  'multi',
  'psubscribe',
  'punsubscribe',
  'quit',
  'readonly',
  'readwrite',
  'select',
  'ssubscribe',
  'subscribe',
  'sunsubscribe',
  'unsubscribe',
]);

/** Whether a failed command says Redis is unreachable or too slow; a reply error (WRONGTYPE, NOSCRIPT...) proves it answers. */
export function isRedisOutage(error: unknown): boolean {
  return !(error instanceof ReplyError);
}

/**
 * The client with every command going through Redis's circuit breaker: while it is open, a command
 * is refused at once (CircuitOpenError) instead of waiting REDIS_TIMEOUT_MS, and every user of
 * Redis already serves a failed command as a miss. One place, so that no user (store, semantic
 * index, locks, rate limits) can forget it. Pipelines and transactions pass unguarded: their
 * commands are queued client-side and cannot be refused one by one. So do connections made with
 * `duplicate()` (blocking reads, subscriptions), and calls given a callback, which must be called.
 * The same for one Redis and a cluster (whose node connections, used for SCAN, are unguarded).
 */
export function guardedRedis<Client extends RedisClient>(client: Client, breaker: CircuitBreaker): Client {
  const commands = new Set<PropertyKey>(
    client
      .getBuiltinCommands()
      .filter((name) => !UNGUARDED.has(name))
      .flatMap((name) => [name, `${name}Buffer`]),
  );
  const guarded = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !commands.has(property)) return value;
      let command = guarded.get(property);
      if (!command) {
        const send = value as (...args: unknown[]) => Promise<unknown>;
        command = (...args: unknown[]) =>
          typeof args.at(-1) === 'function'
            ? send.apply(target, args)
            : breaker.execute(() => send.apply(target, args));
        guarded.set(property, command);
      }
      return command;
    },
  });
}
