import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TracingConfig } from '../config/tracing.config';
import { loadTracingSdk } from './tracing-sdk';

/** The resource attribute naming the service (semantic conventions' `service.name`). */
const ATTR_SERVICE_NAME = 'service.name';

/** A registered SDK; shutting it down flushes the spans not yet exported. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK globally (tracer provider, AsyncLocalStorage context, W3C
 * propagation) when tracing is on: spans batched to the OTLP/HTTP endpoint of OTEL_EXPORTER_OTLP_ENDPOINT,
 * or to `processor` (tests pass an in-memory one). Undefined, and nothing loaded or registered, when off.
 */
export async function registerTracing(config: TracingConfig, processor?: SpanProcessor): Promise<Tracing | undefined> {
  if (!processor && !config.tracesUrl) return undefined;
  const { NodeTracerProvider, BatchSpanProcessor, OTLPTraceExporter, resourceFromAttributes } = await loadTracingSdk();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [processor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
