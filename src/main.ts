import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { HttpConfig } from './config/http.config';
import { TracingConfig } from './config/tracing.config';
import { exitGracefullyOnSignals } from './shutdown/graceful-shutdown';
import { registerTracing } from './tracing/register-tracing';

async function bootstrap(): Promise<void> {
  const { app } = await createApp();
  const { port, host } = app.get(HttpConfig);
  const tracing = await registerTracing(app.get(TracingConfig));
  exitGracefullyOnSignals(app, (code) => {
    // The spans of the last requests are still batched: flush them before exiting.
    void (tracing?.shutdown() ?? Promise.resolve()).finally(() => process.exit(code));
  });
  await app.listen(port, host);
  new Logger('Bootstrap').log(`Listening on http://${host}:${port}${tracing ? ' (tracing on)' : ''}`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
