import { Producer } from '../../answer-cache/answer-query';
import { WholeBodyReader } from '../../common/whole-body-reader';
import { LlmService } from '../../llm/llm.service';
import { responseAnswer } from './response-answer';
import { ResponsesRequestBody } from './responses-request';
import { ResponsesStreamAssembler } from './responses-stream-assembler';

/**
 * How the proxy gets a fresh Response: the caller's request, forwarded untouched (with the caller's
 * own key in passthrough: `apiKey`; undefined = the server's).
 */
export function responsesProducer(llm: LlmService, body: ResponsesRequestBody, apiKey?: string): Producer {
  return {
    call: (signal, deadline) =>
      llm.send({ method: 'POST', path: 'responses', body, signal, apiKey, callerRetries: true, deadline }),
    reader: () => (body.stream === true ? new ResponsesStreamAssembler() : new WholeBodyReader(responseAnswer)),
  };
}
