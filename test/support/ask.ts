import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

/** POST /ask through the real HTTP stack. */
export function ask(app: NestFastifyApplication, body: unknown) {
  return request(app.getHttpServer())
    .post('/ask')
    .send(body as object);
}
