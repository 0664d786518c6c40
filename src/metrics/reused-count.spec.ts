import { reusedCount } from './reused-count';

describe('reusedCount', () => {
  let clock: number;
  let calls: number;
  let resolveCount: ((value: number) => void) | undefined;
  let backgroundErrors: string[];
  const onBackgroundError = (error: Error) => backgroundErrors.push(error.message);
  const slowCount = () => {
    calls++;
    return new Promise<number>((resolve) => (resolveCount = resolve));
  };

  beforeEach(() => {
    clock = 0;
    calls = 0;
    resolveCount = undefined;
    backgroundErrors = [];
  });

  it('waits for the first count, then reuses it until it is older than maxAgeMs', async () => {
    const sut = reusedCount(slowCount, { maxAgeMs: 60_000, onBackgroundError, now: () => clock });
    const first = sut();
    resolveCount!(10);
    expect(await first).toBe(10);

    clock = 59_999;
    expect(await sut()).toBe(10);
    expect(calls).toBe(1);
  });

  it('answers with the last count at once while a new one runs in the background, and never runs two', async () => {
    const sut = reusedCount(slowCount, { maxAgeMs: 60_000, onBackgroundError, now: () => clock });
    const first = sut();
    resolveCount!(10);
    await first;

    clock = 60_000;
    expect(await sut()).toBe(10);
    expect(await sut()).toBe(10);
    expect(calls).toBe(2);

    resolveCount!(12);
    await Promise.resolve();
    await Promise.resolve();
    expect(await sut()).toBe(12);
  });

  it('keeps the last count when a background count fails, reports the failure, and counts again on the next call', async () => {
    let fail = false;
    const sut = reusedCount(
      async () => {
        calls++;
        if (fail) throw new Error('Redis went away');
        return 7;
      },
      { maxAgeMs: 1_000, onBackgroundError, now: () => clock },
    );
    expect(await sut()).toBe(7);
    fail = true;
    clock = 1_000;
    expect(await sut()).toBe(7);
    await new Promise((resolve) => setImmediate(resolve));
    expect(backgroundErrors).toEqual(['Redis went away']);
    fail = false;
    expect(await sut()).toBe(7);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(3);
  });

  it('reports the failure of the first count to its caller', async () => {
    const sut = reusedCount(() => Promise.reject(new Error('Redis went away')), {
      maxAgeMs: 1_000,
      onBackgroundError,
      now: () => clock,
    });
    await expect(sut()).rejects.toThrow('Redis went away');
  });
});
