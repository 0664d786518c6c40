import { Producer } from '../answer-cache/answer-query';
import { LlmUpstreamError } from '../common/errors/llm.errors';
import { WholeBodyReader } from '../common/whole-body-reader';
import { chatCompletionAnswer } from '../llm/chat-completion-answer';
import { LlmService } from '../llm/llm.service';
import { UpstreamHttpError } from '../llm/upstream-http.error';

/** How /ask gets a fresh answer: the question as the single user message of a chat completion. */
export function askProducer(llm: LlmService, question: string, model: string): Producer {
  return {
    call: (signal) =>
      llm
        .send({
          method: 'POST',
          path: 'chat/completions',
          body: { model, messages: [{ role: 'user', content: question }] },
          signal,
        })
        .catch((error: unknown) => {
          throw asAskError(error);
        }),
    reader: () => new WholeBodyReader(chatCompletionAnswer),
  };
}

/** /ask has its own error shape: an upstream's HTTP error becomes a 502 that names its status. */
function asAskError(error: unknown): unknown {
  if (!(error instanceof UpstreamHttpError)) return error;
  const detail = (error.body.error as { message?: unknown } | null)?.message;
  const message = `The LLM upstream answered ${error.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
  return new LlmUpstreamError(message, error.status, { cause: error });
}
