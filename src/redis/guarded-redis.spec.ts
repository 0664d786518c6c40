import type Redis from 'ioredis';
import { ReplyError } from 'ioredis';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { CircuitOpenError } from '../resilience/circuit-open.error';
import { guardedRedis, isRedisOutage } from './guarded-redis';

/** The few members of an ioredis client the guard looks at, failing while `down`. */
class FakeRedis {
  down = false;
  readonly sent: string[] = [];
  readonly status = 'ready';

  getBuiltinCommands(): string[] {
    return ['get', 'hgetall', 'multi', 'quit'];
  }

  get(key: string): Promise<string> {
    return this.command(`get ${key}`, 'value');
  }

  hgetallBuffer(key: string): Promise<string> {
    return this.command(`hgetall ${key}`, 'hash');
  }

  multi(): { queued: true } {
    this.sent.push('multi');
    return { queued: true };
  }

  quit(): Promise<string> {
    return this.command('quit', 'OK');
  }

  private command(line: string, reply: string): Promise<string> {
    this.sent.push(line);
    return this.down ? Promise.reject(new Error('Command timed out')) : Promise.resolve(reply);
  }
}

describe(guardedRedis.name, () => {
  let fake: FakeRedis;
  let breaker: CircuitBreaker;
  let sut: Redis;

  beforeEach(() => {
    fake = new FakeRedis();
    breaker = new CircuitBreaker('redis', { failureThreshold: 2, halfOpenAfterMs: 60_000, isFailure: isRedisOutage });
    sut = guardedRedis(fake as unknown as Redis, breaker);
  });

  it('passes commands and their Buffer forms through while Redis answers', async () => {
    await expect(sut.get('k')).resolves.toBe('value');
    await expect(sut.hgetallBuffer('h')).resolves.toBe('hash');
    expect(fake.sent).toEqual(['get k', 'hgetall h']);
  });

  it('refuses commands at once, without sending them, once consecutive failures opened the breaker', async () => {
    fake.down = true;
    await expect(sut.get('a')).rejects.toThrow('Command timed out');
    await expect(sut.get('b')).rejects.toThrow('Command timed out');

    await expect(sut.get('c')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(sut.hgetallBuffer('h')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.sent).toEqual(['get a', 'get b']);
    expect(breaker.state).toBe('open');
  });

  it('still quits and builds transactions while the breaker is open', async () => {
    fake.down = true;
    await sut.get('a').catch(() => undefined);
    await sut.get('b').catch(() => undefined);
    fake.down = false;

    expect(sut.multi()).toEqual({ queued: true });
    await expect(sut.quit()).resolves.toBe('OK');
  });

  it('reads other members as they are', () => {
    expect(sut.status).toBe('ready');
  });
});

describe(isRedisOutage.name, () => {
  it('counts timeouts and lost connections, not the replies of a Redis that answers', () => {
    expect(isRedisOutage(new Error('Command timed out'))).toBe(true);
    expect(isRedisOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    // ioredis types ReplyError as `any`.
    const ReplyErrorClass = ReplyError as new (message: string) => Error;
    expect(
      isRedisOutage(new ReplyErrorClass('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).toBe(false);
  });
});
