import { Producer } from '../answer-cache/answer-query';
import { ForbiddenError, UnauthorizedError } from '../common/errors/access.errors';
import { LlmUpstreamError } from '../common/errors/llm.errors';
import { WholeBodyReader } from '../common/whole-body-reader';
import { chatCompletionAnswer } from '../llm/chat-completion-answer';
import { LlmService } from '../llm/llm.service';
import { UpstreamHttpError } from '../llm/upstream-http.error';

/**
 * How /ask gets a fresh answer: the question as the single user message of a chat completion, sent
 * with the caller's own key in passthrough (`apiKey`; undefined = the server's).
 */
export function askProducer(llm: LlmService, question: string, model: string, apiKey?: string): Producer {
  return {
    call: (signal, deadline) =>
      llm
        .send({
          method: 'POST',
          path: 'chat/completions',
          body: { model, messages: [{ role: 'user', content: question }] },
          signal,
          apiKey,
          deadline,
        })
        .catch((error: unknown) => {
          throw asAskError(error, apiKey !== undefined);
        }),
    reader: () => new WholeBodyReader(chatCompletionAnswer),
  };
}

/**
 * /ask has its own error shape: an upstream's HTTP error becomes a 502 that names its status, except
 * the upstream refusing the caller's own key (passthrough), which is the caller's 401 or 403.
 */
function asAskError(error: unknown, callersKey: boolean): unknown {
  if (!(error instanceof UpstreamHttpError)) return error;
  const detail = (error.body.error as { message?: unknown } | null)?.message;
  const message = `The LLM upstream answered ${error.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
  if (callersKey && error.status === 401) return new UnauthorizedError(message, { cause: error });
  if (callersKey && error.status === 403) return new ForbiddenError(message, { cause: error });
  return new LlmUpstreamError(message, error.status, { cause: error });
}
