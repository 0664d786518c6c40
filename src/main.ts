import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { HttpConfig } from './config/http.config';
import { exitGracefullyOnSignals } from './shutdown/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const { app } = await createApp();
  const { port, host } = app.get(HttpConfig);
  exitGracefullyOnSignals(app);
  await app.listen(port, host);
  new Logger('Bootstrap').log(`Listening on http://${host}:${port}`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
