import { Deadline } from './deadline';
import { LlmTimeoutError } from './errors/llm.errors';
import { RequestTimeoutError } from './errors/request-timeout.error';

describe(Deadline.name, () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('counts down the milliseconds left, never below 0', () => {
    const sut = Deadline.after(100, 'request', clock);

    now += 30;
    const left = sut.remainingMs();
    now += 500;

    expect(left).toBe(70);
    expect(sut.remainingMs()).toBe(0);
    expect(sut.expired).toBe(true);
  });

  it('caps a wait at what is left', () => {
    const sut = Deadline.after(100, 'request', clock);
    now += 60;

    expect(sut.cap(5000)).toBe(40);
    expect(sut.cap(10)).toBe(10);
  });

  it('keeps the earlier of two deadlines, with its kind', () => {
    const request = Deadline.after(1000, 'request', clock);
    const upstream = Deadline.after(300, 'llm', clock);

    expect(upstream.earliest(request)).toBe(upstream);
    expect(Deadline.after(3000, 'llm', clock).earliest(request)).toBe(request);
    expect(request.earliest(undefined)).toBe(request);
  });

  it('names the setting that ran out: E_REQUEST_TIMEOUT or E_LLM_TIMEOUT', () => {
    const request = Deadline.after(1, 'request', clock).timeoutError('No answer began in time');
    const upstream = Deadline.after(1, 'llm', clock).timeoutError('The upstream did not answer in time');

    expect(request).toBeInstanceOf(RequestTimeoutError);
    expect(request.message).toBe('No answer began in time (REQUEST_TIMEOUT_MS)');
    expect(upstream).toBeInstanceOf(LlmTimeoutError);
    expect(upstream.message).toMatch(/LLM_TIMEOUT_MS/);
  });

  describe('race', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('resolves with a promise that settles in time', async () => {
      const sut = Deadline.after(100, 'request');
      const work = new Promise<string>((resolve) => setTimeout(() => resolve('answer'), 50));

      const result = sut.race(work, 'the answer');
      await jest.advanceTimersByTimeAsync(50);

      await expect(result).resolves.toBe('answer');
    });

    it('rejects with the deadline error once it passes', async () => {
      const sut = Deadline.after(100, 'request');

      const result = sut.race(new Promise<never>(() => undefined), 'Waiting for the answer in flight');
      const rejection = expect(result).rejects.toThrow(/Waiting for the answer in flight \(REQUEST_TIMEOUT_MS\)/);
      await jest.advanceTimersByTimeAsync(100);

      await rejection;
    });
  });
});
