import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createControllerApp } from '../../test/support/controller-app';
import { AskController } from './ask.controller';
import { AskResult, AskService } from './ask.service';

describe(AskController.name, () => {
  let app: NestFastifyApplication;
  const askService = { ask: jest.fn<Promise<AskResult>, Parameters<AskService['ask']>>() };

  beforeEach(async () => {
    askService.ask.mockReset();
    app = await createControllerApp(AskController, [{ provide: AskService, useValue: askService }]);
  });
  afterEach(() => app.close());

  it("answers 200 with the service's body and headers", async () => {
    const body = {
      answer: 'A',
      source: 'coalesced' as const,
      latencyMs: 1,
      cacheKey: 'prompt_cache:default:k',
      namespace: 'default',
      model: 'm',
    };
    askService.ask.mockResolvedValue({
      body,
      headers: { 'x-cache': 'COALESCED', 'x-cache-key': 'prompt_cache:default:k' },
    });

    const response = await app.inject({ method: 'POST', url: '/ask', payload: { question: 'Why?' } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(body);
    expect(response.headers).toMatchObject({ 'x-cache': 'COALESCED', 'x-cache-key': 'prompt_cache:default:k' });
  });

  it('passes the cache controls of the headers and the body, the body winning', async () => {
    askService.ask.mockResolvedValue({ body: {} as AskResult['body'], headers: {} });

    await app.inject({
      method: 'POST',
      url: '/ask',
      headers: { 'x-cache-ttl': '60', 'x-cache-mode': 'semantic', 'x-cache-coalesce': 'off' },
      payload: { question: 'Why?', cacheMode: 'exact' },
    });

    expect(askService.ask).toHaveBeenCalledWith(
      expect.objectContaining({ question: 'Why?' }),
      expect.objectContaining({ mode: 'exact', ttlSeconds: 60, coalesce: false }),
      undefined, // the server's own upstream key (no passthrough)
    );
  });
});
