/**
 * The upstream answered with an HTTP error. The proxy relays status, body and retry headers
 * unchanged, so an OpenAI client's own retry and error handling keep working.
 */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    /** The API's error shape (OpenAI's, Anthropic's): the upstream's own when it sent one, else built from its text. */
    readonly body: { error: unknown },
    readonly headers: Record<string, string> = {},
  ) {
    super(`The upstream answered ${status}`);
    this.name = 'UpstreamHttpError';
  }
}

/** The body relayed for an upstream's HTTP error of `status` whose body was `text`. */
export type ErrorBodyOf = (status: number, text: string) => { error: unknown };

/** The upstream's own error body when it has an `error` member (OpenAI's and Anthropic's shapes both do). */
function ownErrorBody(text: string): { error: unknown } | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) return parsed;
  } catch {
    // not JSON: the caller wraps it
  }
  return undefined;
}

const messageOf = (status: number, text: string) => text.trim().slice(0, 500) || `The upstream answered ${status}`;

/** The upstream's error body when it is OpenAI's shape; otherwise (an HTML 502 from a gateway, say) that shape around its text. */
export function openAiErrorBody(status: number, text: string): { error: unknown } {
  return (
    ownErrorBody(text) ?? {
      error: {
        message: messageOf(status, text),
        type: status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: null,
      },
    }
  );
}

/** The same for the Anthropic API: `{"type":"error","error":{"type","message"}}`, typed by status. */
export function anthropicErrorBody(status: number, text: string): { error: unknown } {
  return ownErrorBody(text) ?? anthropicError(status, messageOf(status, text));
}

/** Anthropic's error `type` for each status, so its SDKs raise their usual exception classes. */
export function anthropicErrorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** An error in Anthropic's shape. */
export function anthropicError(
  status: number,
  message: string,
): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}
