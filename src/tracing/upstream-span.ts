import { Span, SpanKind } from '@opentelemetry/api';
import { failed, tracer } from './tracer';
import { usageOf } from './gen-ai-usage';

/**
 * GenAI semantic-convention attribute names (https://opentelemetry.io/docs/specs/semconv/gen-ai/),
 * copied as the semantic-conventions package advises for its incubating names.
 */
export const GEN_AI_ATTR = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
} as const;

/** Beyond this many bytes, an answer's usage is not looked for (its bytes are not kept). */
const MAX_READ_BYTES = 1 << 20;

export interface UpstreamCall {
  /** `openai` or `anthropic`: the GenAI provider name. */
  provider: string;
  /** The upstream path (`chat/completions`, `responses`, `embeddings`, `messages`). */
  path: string;
  body?: Record<string, unknown>;
}

/** Starts the client span of one model call, named `{operation} {model}` as the conventions say. */
export function startUpstreamSpan({ provider, path, body }: UpstreamCall): Span {
  const operation = path.startsWith('embeddings') ? 'embeddings' : 'chat';
  const span = tracer.startSpan(operation, { kind: SpanKind.CLIENT });
  if (!span.isRecording()) return span;
  const model = typeof body?.model === 'string' ? body.model : undefined;
  if (model) span.updateName(`${operation} ${model}`);
  span.setAttributes({
    [GEN_AI_ATTR.operation]: operation,
    [GEN_AI_ATTR.provider]: provider,
    [GEN_AI_ATTR.system]: provider,
    ...(model && { [GEN_AI_ATTR.requestModel]: model }),
  });
  return span;
}

/**
 * The reply's body, ending `span` once it has been read (a model call lasts until its last token)
 * and adding the usage the answer reports; unchanged, with the span ended, when not recording.
 */
export function endWithBody<R extends { headers: Record<string, string>; body: AsyncIterable<Buffer> }>(
  span: Span,
  reply: R,
): R {
  if (!span.isRecording()) {
    span.end();
    return reply;
  }
  return { ...reply, body: traced(span, reply.body, reply.headers['content-type']) };
}

async function* traced(span: Span, body: AsyncIterable<Buffer>, contentType?: string): AsyncIterable<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size <= MAX_READ_BYTES) parts.push(chunk);
      yield chunk;
    }
    if (size <= MAX_READ_BYTES) recordUsage(span, Buffer.concat(parts), contentType);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function recordUsage(span: Span, bytes: Buffer, contentType?: string): void {
  const { inputTokens, outputTokens, responseModel } = usageOf(bytes, contentType);
  if (inputTokens !== undefined) span.setAttribute(GEN_AI_ATTR.inputTokens, inputTokens);
  if (outputTokens !== undefined) span.setAttribute(GEN_AI_ATTR.outputTokens, outputTokens);
  if (responseModel !== undefined) span.setAttribute(GEN_AI_ATTR.responseModel, responseModel);
}
