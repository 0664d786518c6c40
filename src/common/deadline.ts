import { DomainError } from './errors/domain-error';
import { LlmTimeoutError } from './errors/llm.errors';
import { RequestTimeoutError } from './errors/request-timeout.error';

/** Which setting a deadline comes from: the whole request's, or one upstream call's. */
export type DeadlineKind = 'request' | 'llm';

const SETTING: Record<DeadlineKind, string> = { request: 'REQUEST_TIMEOUT_MS', llm: 'LLM_TIMEOUT_MS' };

/**
 * The moment by which something must be done, and the setting that set it, so an expiry names the
 * limit to raise. One per request (REQUEST_TIMEOUT_MS), shared by the embedding, the lookups and
 * the upstream call, which narrows it to its own LLM_TIMEOUT_MS.
 */
export class Deadline {
  private constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    readonly kind: DeadlineKind,
    private readonly now: () => number,
  ) {}

  /** `ms` from now; `now` is injectable for tests (default Date.now). */
  static after(ms: number, kind: DeadlineKind, now: () => number = Date.now): Deadline {
    return new Deadline(now() + ms, kind, now);
  }

  /** Milliseconds left, 0 once passed. */
  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** `ms`, or what is left when that is less. */
  cap(ms: number): number {
    return Math.min(ms, this.remainingMs());
  }

  /** This deadline or `other`, whichever comes first (this one on a tie or without `other`). */
  earliest(other?: Deadline): Deadline {
    return other !== undefined && other.at < this.at ? other : this;
  }

  /** The error of this deadline passing while `what` was awaited: 504 E_REQUEST_TIMEOUT or E_LLM_TIMEOUT. */
  timeoutError(what: string, options?: { cause?: unknown }): DomainError {
    const message = `${what} (${SETTING[this.kind]})`;
    return this.kind === 'request' ? new RequestTimeoutError(message, options) : new LlmTimeoutError(message, options);
  }

  /** Settles as `promise` does, or rejects with {@link timeoutError} once the deadline passes. */
  async race<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.timeoutError(what)), this.remainingMs());
      timer.unref();
    });
    try {
      return await Promise.race([promise, expiry]);
    } finally {
      clearTimeout(timer);
    }
  }
}
