import { Producer } from '../../answer-cache/answer-query';
import { WholeBodyReader } from '../../common/whole-body-reader';
import { chatCompletionAnswer } from '../../llm/chat-completion-answer';
import { LlmService } from '../../llm/llm.service';
import { ChatRequestBody } from './chat-request';
import { StreamAssembler } from './stream-assembler';

/**
 * How the proxy gets a fresh chat completion: the caller's request, forwarded untouched (with the
 * caller's own key in passthrough: `apiKey`; undefined = the server's).
 */
export function chatProducer(llm: LlmService, body: ChatRequestBody, apiKey?: string): Producer {
  return {
    call: (signal, deadline) =>
      llm.send({ method: 'POST', path: 'chat/completions', body, signal, apiKey, callerRetries: true, deadline }),
    reader: () => (body.stream === true ? new StreamAssembler() : new WholeBodyReader(chatCompletionAnswer)),
  };
}
