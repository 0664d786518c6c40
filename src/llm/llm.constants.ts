/**
 * DI token of the Anthropic API's upstream: a second {@link OpenAiUpstream} instance (same HTTP
 * client, timeouts and retries) with Anthropic's base URL, `x-api-key` and error shape.
 */
export const ANTHROPIC_UPSTREAM = Symbol('ANTHROPIC_UPSTREAM');
