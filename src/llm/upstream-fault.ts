import { LlmTimeoutError, LlmUpstreamError } from '../common/errors/llm.errors';
import { RequestTimeoutError } from '../common/errors/request-timeout.error';
import { UpstreamHttpError } from './upstream-http.error';

/**
 * Whether an upstream call's error says the upstream is failing, which counts towards opening its
 * circuit breaker: a 5xx, no answer in time, no connection. A 4xx (a bad request, a refused key, a
 * rate limit) is about the caller and proves the upstream is answering; an aborted call (the
 * caller left) says nothing.
 */
export function isUpstreamFault(error: unknown): boolean {
  if (error instanceof UpstreamHttpError) return error.status >= 500;
  return error instanceof LlmTimeoutError || error instanceof RequestTimeoutError || error instanceof LlmUpstreamError;
}
