import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('resolves with the value of a promise that settles in time', async () => {
    // Arrange
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('answer'), 50));

    // Act
    const result = withTimeout(work, 100, 'llm call');
    await jest.advanceTimersByTimeAsync(50);

    // Assert
    await expect(result).resolves.toBe('answer');
  });

  it('rejects with a TimeoutError naming what timed out and after how long', async () => {
    // Arrange
    const never = new Promise<string>(() => undefined);

    // Act
    const result = withTimeout(never, 100, 'embedding');
    const rejection = expect(result).rejects.toBeInstanceOf(TimeoutError);
    await jest.advanceTimersByTimeAsync(100);

    // Assert
    await rejection;
    await expect(result).rejects.toMatchObject({
      name: 'TimeoutError',
      what: 'embedding',
      ms: 100,
      message: 'embedding timed out after 100 ms',
    });
  });

  it('does not reject before the deadline', async () => {
    // Arrange
    let settled = false;
    const result = withTimeout(new Promise<string>(() => undefined), 100, 'embedding');
    result.then(
      () => (settled = true),
      () => (settled = true),
    );

    // Act
    await jest.advanceTimersByTimeAsync(99);

    // Assert
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });

  it('passes the rejection of the wrapped promise through unchanged', async () => {
    // Arrange
    const failure = new Error('upstream down');

    // Act
    const result = withTimeout(Promise.reject(failure), 100, 'llm call');

    // Assert
    await expect(result).rejects.toBe(failure);
  });

  it('clears its timer once the promise settles', async () => {
    // Act
    await withTimeout(Promise.resolve(1), 10_000, 'llm call');

    // Assert
    expect(jest.getTimerCount()).toBe(0);
  });
});
