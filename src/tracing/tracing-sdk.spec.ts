import { importTracingPackage, loadTracingSdk, TRACING_SDK_PACKAGES } from './tracing-sdk';

describe('loadTracingSdk', () => {
  it('loads the SDK classes when the optional packages are installed', async () => {
    const sdk = await loadTracingSdk();

    expect(typeof sdk.NodeTracerProvider).toBe('function');
    expect(typeof sdk.BatchSpanProcessor).toBe('function');
    expect(typeof sdk.OTLPTraceExporter).toBe('function');
    expect(typeof sdk.resourceFromAttributes).toBe('function');
  });

  it('names the packages to install and the variable to unset when one is missing', async () => {
    const missing = importTracingPackage('@opentelemetry/not-installed-here');

    await expect(missing).rejects.toThrow(/optional package @opentelemetry\/not-installed-here/);
    await expect(missing).rejects.toThrow(`npm install ${TRACING_SDK_PACKAGES.join(' ')}`);
    await expect(missing).rejects.toThrow(/unset OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
