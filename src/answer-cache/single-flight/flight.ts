import { ReadAnswer, StorableAnswer } from '../../common/cached-answer';
import type { Deadline } from '../../common/deadline';
import { Producer } from '../answer-query';
import { BodySubscription, ChunkBroadcast } from './chunk-broadcast';

/**
 * One upstream call whose bytes any number of callers can relay. The call belongs to the flight,
 * not to the caller that started it: it goes on while anyone listens (or nobody has subscribed,
 * as for /ask, which only wants the answer), and is aborted once every listener has left early.
 */
export class Flight {
  /** The upstream's headers once they are in; rejects with the upstream's error. */
  readonly headers: Promise<Record<string, string>>;
  /** What the reader found in the body once it has ended or broken off; undefined if the call failed. */
  readonly read: Promise<ReadAnswer | undefined>;
  /** The answer read out of the body once it has ended; undefined if the call or body failed or held none. */
  readonly answer: Promise<StorableAnswer | undefined>;
  private readonly broadcast: ChunkBroadcast;

  /** `deadline`: the leading caller's, by which the upstream's headers must be in. */
  constructor(producer: Producer, deadline?: Deadline) {
    const abort = new AbortController();
    this.broadcast = new ChunkBroadcast(() => abort.abort());
    const reader = producer.reader();
    const reply = producer.call(abort.signal, deadline);
    this.headers = reply.then(({ headers }) => headers);
    this.read = reply.then(
      async ({ body }): Promise<ReadAnswer> => {
        try {
          for await (const chunk of body) {
            this.broadcast.push(chunk);
            reader.feed(chunk);
          }
        } catch (error) {
          this.broadcast.fail(error as Error);
          return { ...reader.result(), complete: false, abandoned: abort.signal.aborted };
        }
        this.broadcast.end();
        return reader.result();
      },
      () => undefined,
    );
    this.answer = this.read.then((read) => (read?.complete ? read.answer : undefined));
    this.headers.catch(() => undefined); // observed by whoever awaits it; not an unhandled rejection
  }

  /** The body from its first byte, then live. */
  subscribe(): BodySubscription {
    return this.broadcast.subscribe();
  }
}
