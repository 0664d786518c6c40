import { manualSlices } from '../../test/support/manual-slices';
import { SliceScheduler, SlicedWork } from './slice-scheduler';

/** Work that needs `steps` slices, recording each under `name` in `log`. */
const workOf = (name: string, steps: number, log: string[]): SlicedWork => ({
  runSlice: () => (log.push(name), --steps === 0),
});

describe(SliceScheduler.name, () => {
  it('runs queued work on later turns, not when it is asked for, until the work is done', () => {
    const { slices, drain, turnsWaiting } = manualSlices();
    const log: string[] = [];

    slices.request(workOf('a', 3, log));

    expect(log).toEqual([]);
    expect(slices.idle).toBe(false);
    drain();
    expect(log).toEqual(['a', 'a', 'a']);
    expect(slices.idle).toBe(true);
    expect(turnsWaiting()).toBe(0);
  });

  it('asks for one turn at a time however often work is requested', () => {
    const { slices, turnsWaiting } = manualSlices();
    const log: string[] = [];
    const work = workOf('a', 2, log);

    slices.request(work);
    slices.request(work);
    slices.request(workOf('b', 1, log));

    expect(turnsWaiting()).toBe(1);
  });

  it('takes turns between works once a slice has used its time', () => {
    const turns: (() => void)[] = [];
    const sut = new SliceScheduler(0, (turn) => void turns.push(turn));
    const log: string[] = [];
    sut.request(workOf('a', 2, log));
    sut.request(workOf('b', 2, log));

    while (turns.length > 0) turns.shift()!();

    expect(log).toEqual(['a', 'b', 'a', 'b']);
  });

  it('drops a work that throws and goes on with the others', () => {
    const { slices, drain } = manualSlices();
    const log: string[] = [];
    slices.request({
      runSlice: () => {
        throw new Error('insert failed');
      },
    });
    slices.request(workOf('b', 2, log));

    drain();

    expect(log).toEqual(['b', 'b']);
    expect(slices.idle).toBe(true);
  });

  it('forgets a cancelled work', () => {
    const { slices, drain } = manualSlices();
    const log: string[] = [];
    const work = workOf('a', 5, log);
    slices.request(work);

    slices.cancel(work);
    drain();

    expect(log).toEqual([]);
  });

  it('runs on a real event-loop turn by default', async () => {
    const sut = new SliceScheduler();
    const log: string[] = [];

    sut.request(workOf('a', 1, log));
    expect(log).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));

    expect(log).toEqual(['a']);
  });
});
