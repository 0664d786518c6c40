import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const { app, environment } = await createApp();
  await app.listen(environment.PORT, environment.HOST);
  new Logger('Bootstrap').log(`Listening on http://${environment.HOST}:${environment.PORT}`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
