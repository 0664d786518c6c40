/**
 * The upstream answered with an HTTP error. The proxy passes status and body through unchanged,
 * so an OpenAI client's own retry and error handling keep working.
 */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`The upstream answered ${status}`);
    this.name = 'UpstreamHttpError';
  }
}
