import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The service's tracer. Until main.ts registers an SDK (OTEL_EXPORTER_OTLP_ENDPOINT set) it is
 * the API's no-op: spans are non-recording and cost a call, so callers build attributes only when
 * `span.isRecording()`.
 */
export const tracer = trace.getTracer('llm-cache');

/** Span names, one per step of a request (docs/DESIGN.md, "Traces"). */
export const SPAN = {
  request: 'llm_cache.request',
  exact: 'llm_cache.lookup.exact',
  semantic: 'llm_cache.lookup.semantic',
  embed: 'llm_cache.embed',
  vectorSearch: 'llm_cache.vector_search',
  verify: 'llm_cache.verify',
} as const;

/**
 * Runs `work` in a span that is the active one meanwhile (so its spans are children) and ends
 * when `work` settles, marked as an error if it rejects.
 */
export function inSpan<T>(name: string, work: (span: Span) => Promise<T>, kind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { kind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Marks a span as failed with the error's class as `error.type`; never its message, which may quote
 * the caller's request (an upstream's 400 often does).
 */
export function failed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', error instanceof Error ? error.constructor.name : typeof error);
}
