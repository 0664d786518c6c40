import { MicroBatcher } from './micro-batcher';

/** A batch function that records each batch it is given and answers the inputs upper-cased. */
function recordingRunner() {
  const batches: string[][] = [];
  const run = async (inputs: string[]) => {
    batches.push(inputs);
    return inputs.map((input) => input.toUpperCase());
  };
  return { batches, run };
}

/** A promise with its resolve function outside, to hold a batch open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe(MicroBatcher.name, () => {
  it('runs the calls made in one tick as one batch and gives each caller its own output', async () => {
    const { batches, run } = recordingRunner();
    const sut = new MicroBatcher(run, { maxBatchSize: 10 });

    const outputs = await Promise.all(['a', 'b', 'c'].map((input) => sut.submit(input)));

    expect(outputs).toEqual(['A', 'B', 'C']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('runs calls made in different ticks as different batches', async () => {
    const { batches, run } = recordingRunner();
    const sut = new MicroBatcher(run, { maxBatchSize: 10 });

    await sut.submit('a');
    await sut.submit('b');

    expect(batches).toEqual([['a'], ['b']]);
  });

  it('splits more calls than maxBatchSize into several batches', async () => {
    const { batches, run } = recordingRunner();
    const sut = new MicroBatcher(run, { maxBatchSize: 2 });

    const outputs = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((input) => sut.submit(input)));

    expect(outputs).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('closes a batch before it outweighs maxBatchWeight, but always takes one input', async () => {
    const { batches, run } = recordingRunner();
    const sut = new MicroBatcher(run, { maxBatchSize: 10, maxBatchWeight: 5, weigh: (input: string) => input.length });

    await Promise.all(['aa', 'bbb', 'c', 'dddddddd', 'e'].map((input) => sut.submit(input)));

    expect(batches).toEqual([['aa', 'bbb'], ['c'], ['dddddddd'], ['e']]);
  });

  it('with maxInFlight 1, gathers the calls made while a batch runs into the next batch', async () => {
    const batches: string[][] = [];
    const first = gate();
    const sut = new MicroBatcher(
      async (inputs: string[]) => {
        batches.push(inputs);
        if (batches.length === 1) await first.opened;
        return inputs;
      },
      { maxBatchSize: 10, maxInFlight: 1 },
    );
    const running = sut.submit('a');
    await new Promise((resolve) => setImmediate(resolve)); // the first batch has started

    const queued = [sut.submit('b'), sut.submit('c')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    first.open();

    await expect(Promise.all([running, ...queued])).resolves.toEqual(['a', 'b', 'c']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects every caller of a failed batch and still runs the next batch', async () => {
    let fail = true;
    const sut = new MicroBatcher(
      async (inputs: string[]) => {
        if (fail) throw new Error('upstream down');
        return inputs;
      },
      { maxBatchSize: 10 },
    );

    const failed = await Promise.allSettled([sut.submit('a'), sut.submit('b')]);
    fail = false;

    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(sut.submit('c')).resolves.toBe('c');
  });

  it('rejects the callers when the batch function answers the wrong number of outputs', async () => {
    const sut = new MicroBatcher(async () => ['only one'], { maxBatchSize: 10 });

    const results = await Promise.allSettled([sut.submit('a'), sut.submit('b')]);

    expect(results).toEqual([
      { status: 'rejected', reason: new Error('A batch of 2 inputs gave 1 outputs') },
      { status: 'rejected', reason: new Error('A batch of 2 inputs gave 1 outputs') },
    ]);
  });

  it('refuses a maxBatchSize below 1', () => {
    expect(() => new MicroBatcher(async (inputs: string[]) => inputs, { maxBatchSize: 0 })).toThrow(RangeError);
  });
});
