import { setTimeout as pause } from 'node:timers/promises';
import { Deadline } from '../common/deadline';
import { LlmUpstreamError } from '../common/errors/llm.errors';
import { UpstreamHttpError } from './upstream-http.error';

/** The openai SDK's backoff: 0.5 s doubling up to 8 s, less up to a quarter of jitter. */
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;

/**
 * How long to wait before retry number `retry` (0 = the first) of a failed upstream call, or
 * undefined when it must not be retried. The openai SDK's policy: `x-should-retry` decides when
 * present, else connection failures, 408, 409, 429 and 5xx are retried; `retry-after-ms` or
 * `retry-after` (seconds or an HTTP date) set the delay when given, else exponential backoff.
 */
export function retryDelayMs(error: unknown, retry: number, random: () => number = Math.random): number | undefined {
  if (error instanceof UpstreamHttpError) {
    const shouldRetry = error.headers['x-should-retry'];
    if (shouldRetry === 'false') return undefined;
    if (shouldRetry !== 'true' && !retriedStatus(error.status)) return undefined;
    return hintedDelayMs(error.headers) ?? backoffMs(retry, random);
  }
  return error instanceof LlmUpstreamError ? backoffMs(retry, random) : undefined;
}

function retriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function hintedDelayMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoffMs(retry: number, random: () => number): number {
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * (1 - random() * 0.25);
}

export interface RetryOptions {
  /** Further attempts after the first; 0 = none. */
  maxRetries: number;
  /** No retry is made whose delay would end at or past it. */
  deadline: Deadline;
  /** Aborting it ends a pending delay (the last error is thrown). */
  signal?: AbortSignal;
}

/** Calls `attempt` until it succeeds or {@link retryDelayMs}, `maxRetries` or the deadline say stop; throws the last error. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  { maxRetries, deadline, signal }: RetryOptions,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retry < maxRetries ? retryDelayMs(error, retry) : undefined;
      if (delay === undefined || signal?.aborted || delay >= deadline.remainingMs()) throw error;
      await pause(delay, undefined, { signal }).catch(() => {
        throw error;
      });
    }
  }
}
