import { Producer } from '../../answer-cache/answer-query';
import { AnswerReader, ReadAnswer } from '../../common/cached-answer';
import { LlmService } from '../../llm/llm.service';
import { OpenAiJson } from '../../llm/openai-upstream.port';

/**
 * Keeps the whole JSON body as the stored answer. An upstream that compressed despite
 * `accept-encoding: identity` is relayed, not stored (the bytes are not JSON).
 */
class EmbeddingsReader implements AnswerReader {
  private readonly parts: Buffer[] = [];

  constructor(private readonly encoded: () => boolean) {}

  feed(chunk: Buffer): void {
    this.parts.push(chunk);
  }

  result(): ReadAnswer {
    if (this.encoded()) return { complete: true };
    const body = Buffer.concat(this.parts).toString('utf8');
    return { complete: true, ...(body.length > 0 && { answer: { answer: body, tokens: 0 } }) };
  }
}

/**
 * How the proxy gets fresh embeddings: the caller's request, forwarded untouched (with the caller's
 * own key in passthrough: `apiKey`; undefined = the server's).
 */
export function embeddingsProducer(llm: LlmService, body: OpenAiJson, apiKey?: string): Producer {
  let encoded = false;
  return {
    call: async (signal, deadline) => {
      const reply = await llm.send({
        method: 'POST',
        path: 'embeddings',
        body,
        signal,
        apiKey,
        callerRetries: true,
        deadline,
      });
      encoded = reply.headers['content-encoding'] !== undefined;
      return reply;
    },
    reader: () => new EmbeddingsReader(() => encoded),
  };
}
