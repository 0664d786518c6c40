import { BackgroundWork } from './background-work';

describe(BackgroundWork.name, () => {
  it('settles once every tracked work has, including work started meanwhile', async () => {
    const sut = new BackgroundWork();
    let finishFirst!: () => void;
    let finishSecond!: () => void;
    const order: string[] = [];
    void sut.track(new Promise<void>((resolve) => (finishFirst = resolve)));

    const settled = sut.settled().then(() => order.push('settled'));
    void sut.track(new Promise<void>((resolve) => (finishSecond = resolve)).then(() => void order.push('second')));
    finishFirst();
    await new Promise((resolve) => setImmediate(resolve));
    finishSecond();
    await settled;

    expect(order).toEqual(['second', 'settled']);
  });

  it('counts a failed work as settled, without an unhandled rejection', async () => {
    const sut = new BackgroundWork();
    const failed = sut.track(Promise.reject(new Error('store down')));

    await expect(failed).rejects.toThrow('store down');
    await expect(sut.settled()).resolves.toBeUndefined();
  });

  it('is settled at once with nothing tracked', async () => {
    await expect(new BackgroundWork().settled()).resolves.toBeUndefined();
  });
});
