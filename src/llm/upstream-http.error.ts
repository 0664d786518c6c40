/**
 * The upstream answered with an HTTP error. The proxy relays status, body and retry headers
 * unchanged, so an OpenAI client's own retry and error handling keep working.
 */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    /** OpenAI's error shape: the upstream's own when it sent one, else built from its text. */
    readonly body: { error: unknown },
    readonly headers: Record<string, string> = {},
  ) {
    super(`The upstream answered ${status}`);
    this.name = 'UpstreamHttpError';
  }
}

/** The upstream's error body when it is OpenAI's shape; otherwise (an HTML 502 from a gateway, say) that shape around its text. */
export function openAiErrorBody(status: number, text: string): { error: unknown } {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) return parsed;
  } catch {
    // not JSON: wrapped below
  }
  const message = text.trim().slice(0, 500) || `The upstream answered ${status}`;
  return {
    error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null },
  };
}
