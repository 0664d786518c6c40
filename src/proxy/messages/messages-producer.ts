import type { IncomingHttpHeaders } from 'node:http';
import { Producer } from '../../answer-cache/answer-query';
import { WholeBodyReader } from '../../common/whole-body-reader';
import { LlmService } from '../../llm/llm.service';
import { messageAnswer } from './message-answer';
import { MessageStreamAssembler } from './message-stream-assembler';
import { AnthropicHeaders, MessagesRequestBody } from './messages-request';

/** The API version asked for when the caller names none (the one every Anthropic SDK sends). */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value)?.trim();

/**
 * The caller's `anthropic-version` (else {@link DEFAULT_ANTHROPIC_VERSION}) and `anthropic-beta`
 * (its features deduplicated and sorted: their order means nothing), relayed upstream and keyed.
 */
export function anthropicHeadersOf(headers: IncomingHttpHeaders): AnthropicHeaders {
  const version = single(headers['anthropic-version']) || DEFAULT_ANTHROPIC_VERSION;
  const betas = [
    ...new Set(
      (single(headers['anthropic-beta']) ?? '')
        .split(',')
        .map((beta) => beta.trim())
        .filter(Boolean),
    ),
  ].sort();
  return { 'anthropic-version': version, ...(betas.length > 0 && { 'anthropic-beta': betas.join(',') }) };
}

/**
 * How the proxy gets a fresh message: the caller's request, forwarded untouched to the Anthropic
 * API with its API headers (and, in passthrough, the caller's own key: `apiKey`; undefined = the server's).
 */
export function messagesProducer(
  llm: LlmService,
  body: MessagesRequestBody,
  headers: AnthropicHeaders,
  apiKey?: string,
): Producer {
  return {
    call: (signal, deadline) =>
      llm.send(
        {
          method: 'POST',
          path: 'messages',
          body,
          signal,
          apiKey,
          headers: { ...headers },
          callerRetries: true,
          deadline,
        },
        'anthropic',
      ),
    reader: () => (body.stream === true ? new MessageStreamAssembler() : new WholeBodyReader(messageAnswer)),
  };
}
