import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the docs live: the UI at /docs, the document at /docs-json (and /docs-yaml). */
export const DOCS_PATH = 'docs';

/** The OpenAPI document of every route the app serves, built from the controllers' decorators. */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LLM cache service')
    .setDescription(
      'An exact and semantic cache in front of LLM APIs: POST /ask, an OpenAI- and Anthropic-compatible ' +
        '/v1 proxy, cache administration, health and metrics. See the README for the walkthrough.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'an API key of API_KEYS (when configured)' },
      'bearer',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the OpenAPI document and its UI; called before the app starts listening. */
export function useOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => openApiDocument(app));
}
