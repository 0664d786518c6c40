import type { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { resourceFromAttributes } from '@opentelemetry/resources';
import type { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { isMissingPackage } from '../common/missing-package';

/**
 * The OpenTelemetry SDK packages: optional dependencies, absent after `npm ci --omit=optional`.
 * Only `@opentelemetry/api` (its no-op tracer) is a dependency: tracing is off by default.
 */
export const TRACING_SDK_PACKAGES = [
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/resources',
  '@opentelemetry/exporter-trace-otlp-http',
] as const;

export interface TracingSdk {
  NodeTracerProvider: typeof NodeTracerProvider;
  BatchSpanProcessor: typeof BatchSpanProcessor;
  OTLPTraceExporter: typeof OTLPTraceExporter;
  resourceFromAttributes: typeof resourceFromAttributes;
}

/**
 * Loads the SDK when tracing is turned on. A missing package becomes an error that names it and
 * how to install it, rather than a bare MODULE_NOT_FOUND.
 */
export async function loadTracingSdk(): Promise<TracingSdk> {
  const [node, base, resources, exporter] = await Promise.all(TRACING_SDK_PACKAGES.map(importTracingPackage));
  return {
    NodeTracerProvider: node.NodeTracerProvider as TracingSdk['NodeTracerProvider'],
    BatchSpanProcessor: base.BatchSpanProcessor as TracingSdk['BatchSpanProcessor'],
    resourceFromAttributes: resources.resourceFromAttributes as TracingSdk['resourceFromAttributes'],
    OTLPTraceExporter: exporter.OTLPTraceExporter as TracingSdk['OTLPTraceExporter'],
  };
}

/** One SDK package, or an error naming every SDK package to install. */
export async function importTracingPackage(packageName: string): Promise<Record<string, unknown>> {
  try {
    return (await import(packageName)) as Record<string, unknown>;
  } catch (error) {
    if (!isMissingPackage(error, packageName)) throw error;
    throw new Error(
      `OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on, which needs the optional package ${packageName}, ` +
        `not installed (npm ci --omit=optional leaves it out): run npm install ${TRACING_SDK_PACKAGES.join(' ')}, ` +
        'or unset OTEL_EXPORTER_OTLP_ENDPOINT',
      { cause: error },
    );
  }
}
