import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { TracingConfig } from '../config/tracing.config';

/** A registered SDK; shutting it down flushes the spans not yet exported. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK globally (tracer provider, AsyncLocalStorage context, W3C
 * propagation) when tracing is on: spans batched to the OTLP/HTTP endpoint of OTEL_EXPORTER_OTLP_ENDPOINT,
 * or to `processor` (tests pass an in-memory one). Undefined, and nothing registered, when off.
 */
export function registerTracing(config: TracingConfig, processor?: SpanProcessor): Tracing | undefined {
  if (!processor && !config.tracesUrl) return undefined;
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
