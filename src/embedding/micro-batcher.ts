/** Runs many inputs in one call; resolves exactly one output per input, in input order. */
export type BatchRunner<In, Out> = (inputs: In[]) => Promise<Out[]>;

export interface MicroBatcherOptions<In> {
  /** Most inputs in one batch (at least 1); more waiting inputs go to further batches. */
  maxBatchSize: number;
  /**
   * Most batches running at once. Inputs arriving while that many run wait and form the next
   * batch, so a busy CPU-bound runner gets bigger batches. Default Infinity (never wait).
   */
  maxInFlight?: number;
  /** Most total {@link weigh} of one batch (a batch always takes at least one input). Default Infinity. */
  maxBatchWeight?: number;
  /** Weight of one input for {@link maxBatchWeight} (say, its length). Default 1 per input. */
  weigh?: (input: In) => number;
}

interface Waiting<In, Out> {
  input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

/**
 * Turns single calls into batched ones: every {@link submit} made in one turn of the event loop
 * goes to one run of the batch function, and each caller gets its own output back. A failed batch
 * rejects each of its callers with the batch's error; other batches are unaffected.
 */
export class MicroBatcher<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private flushScheduled = false;
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxBatchWeight: number;
  private readonly weigh: (input: In) => number;

  constructor(
    private readonly run: BatchRunner<In, Out>,
    private readonly options: MicroBatcherOptions<In>,
  ) {
    if (!(options.maxBatchSize >= 1)) throw new RangeError('maxBatchSize must be at least 1');
    this.maxInFlight = options.maxInFlight ?? Infinity;
    this.maxBatchWeight = options.maxBatchWeight ?? Infinity;
    this.weigh = options.weigh ?? (() => 1);
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate rather than a microtask: calls made from other callbacks of the same loop turn
    // (several requests read from the network at once) still join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) void this.runBatch(this.takeBatch());
  }

  private takeBatch(): Waiting<In, Out>[] {
    let count = 0;
    let weight = 0;
    while (count < this.waiting.length && count < this.options.maxBatchSize) {
      weight += this.weigh(this.waiting[count].input);
      if (count > 0 && weight > this.maxBatchWeight) break;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async runBatch(batch: Waiting<In, Out>[]): Promise<void> {
    this.inFlight++;
    try {
      const outputs = await this.run(batch.map((waiting) => waiting.input));
      if (outputs.length !== batch.length)
        throw new Error(`A batch of ${batch.length} inputs gave ${outputs.length} outputs`);
      batch.forEach((waiting, i) => waiting.resolve(outputs[i]));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.inFlight--;
      this.flush();
    }
  }
}
