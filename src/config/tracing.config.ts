import { Environment } from './environment';

/** OpenTelemetry tracing (see {@link Environment} for the standard OTEL_* variables). */
export class TracingConfig {
  /** Where spans are exported (OTLP/HTTP); undefined = tracing off. */
  readonly tracesUrl?: string;
  readonly serviceName: string;

  constructor(env: Environment) {
    const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
    // The spec's base-URL form: the signal path is appended, as every OpenTelemetry SDK does.
    this.tracesUrl = endpoint === undefined ? undefined : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
    this.serviceName = env.OTEL_SERVICE_NAME;
  }
}
