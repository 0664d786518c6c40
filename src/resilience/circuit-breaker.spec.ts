import { CircuitBreaker, CircuitStateName } from './circuit-breaker';
import { CircuitOpenError } from './circuit-open.error';

const boom = () => Promise.reject(new Error('down'));
const ok = () => Promise.resolve('ok');

describe(CircuitBreaker.name, () => {
  let states: CircuitStateName[];
  const breaker = (options: { failureThreshold?: number; isFailure?: (error: unknown) => boolean } = {}) =>
    new CircuitBreaker('embedder', {
      failureThreshold: 3,
      halfOpenAfterMs: 1000,
      onStateChange: (state) => states.push(state),
      ...options,
    });
  const fail = async (sut: CircuitBreaker, times: number) => {
    for (let i = 0; i < times; i++) await sut.execute(boom).catch(() => undefined);
  };

  beforeEach(() => {
    states = [];
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('stays closed below the threshold, and a success resets the count', async () => {
    const sut = breaker();

    await fail(sut, 2);
    await sut.execute(ok);
    await fail(sut, 2);

    expect(sut.state).toBe('closed');
    expect(states).toEqual([]);
  });

  it('opens after consecutive failures and then refuses calls without making them', async () => {
    const sut = breaker();
    const call = jest.fn(ok);

    await fail(sut, 3);
    const refused = sut.execute(call);

    await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(refused).rejects.toMatchObject({ dependency: 'embedder', retryAfterMs: 1000 });
    expect(call).not.toHaveBeenCalled();
    expect(sut.state).toBe('open');
    expect(states).toEqual(['open']);
  });

  it('counts down the time until a probe is let through', async () => {
    const sut = breaker();
    await fail(sut, 3);

    jest.advanceTimersByTime(400);

    expect(sut.retryAfterMs()).toBe(600);
  });

  it('lets one probe through after the half-open delay; its success closes the circuit', async () => {
    const sut = breaker();
    await fail(sut, 3);
    jest.advanceTimersByTime(1000);

    const probe = await sut.execute(ok);

    expect(probe).toBe('ok');
    expect(sut.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for another delay when the probe fails', async () => {
    const sut = breaker();
    await fail(sut, 3);
    jest.advanceTimersByTime(1000);

    await fail(sut, 1);

    expect(sut.state).toBe('open');
    expect(sut.retryAfterMs()).toBe(1000);
    expect(states).toEqual(['open', 'half-open', 'open']);
  });

  it('refuses other calls at once while the probe runs, instead of making them wait for it', async () => {
    const sut = breaker();
    await fail(sut, 3);
    jest.advanceTimersByTime(1000);
    let finishProbe!: () => void;
    const probe = sut.execute(() => new Promise<void>((resolve) => (finishProbe = resolve)));
    const other = jest.fn(ok);

    await expect(sut.execute(other)).rejects.toBeInstanceOf(CircuitOpenError);

    expect(other).not.toHaveBeenCalled();
    expect(sut.state).toBe('half-open');
    finishProbe();
    await probe;
    expect(sut.state).toBe('closed');
  });

  it('passes errors that are not failures through without counting them', async () => {
    const callersFault = new Error('400 bad request');
    const sut = breaker({ isFailure: (error) => error !== callersFault });

    for (let i = 0; i < 5; i++)
      await expect(sut.execute(() => Promise.reject(callersFault))).rejects.toBe(callersFault);

    expect(sut.state).toBe('closed');
  });

  it('never opens with a threshold of 0', async () => {
    const sut = breaker({ failureThreshold: 0 });

    await fail(sut, 50);

    expect(sut.state).toBe('closed');
    await expect(sut.execute(ok)).resolves.toBe('ok');
  });
});
