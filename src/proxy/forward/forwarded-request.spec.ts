import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { forwardedRequest } from './forwarded-request';

const requestOf = (fields: Record<string, unknown>) =>
  ({ method: 'GET', url: '/v1/models/gpt-x', headers: {}, ...fields }) as unknown as FastifyRequest;

describe(forwardedRequest.name, () => {
  it('keeps the path below /v1 with its query string, undecoded', () => {
    const sut = forwardedRequest(requestOf({ url: '/v1/files/a%2Fb/content?limit=2&after=x' }));
    expect(sut).toMatchObject({ method: 'GET', path: 'files/a%2Fb/content?limit=2&after=x', callerRetries: true });
    expect(sut.raw).toBeUndefined();
  });

  it.each([
    ['GET', false],
    ['HEAD', false],
    ['POST', true],
    ['PUT', true],
    ['PATCH', true],
    ['DELETE', true],
  ])('sends a %s once: %s', (method, once) => {
    expect(forwardedRequest(requestOf({ method })).once).toBe(once);
  });

  it('refuses a method it does not forward', () => {
    expect(() => forwardedRequest(requestOf({ method: 'TRACE' }))).toThrow(InvalidRequestError);
  });

  it('forwards the bytes the JSON parser read, not the parsed body', () => {
    const rawBody = Buffer.from('{ "input" : "spaces kept" }');
    const sut = forwardedRequest(
      requestOf({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { input: 'spaces kept' },
        rawBody,
      }),
    );
    expect(sut.raw).toEqual({ data: rawBody, contentType: 'application/json' });
  });

  it('forwards a text body as its bytes', () => {
    const sut = forwardedRequest(requestOf({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hé' }));
    expect(sut.raw?.data).toEqual(Buffer.from('hé'));
  });

  it('forwards the caller headers an upstream route needs, never its credentials', () => {
    const sut = forwardedRequest(
      requestOf({
        headers: {
          accept: 'application/octet-stream',
          'openai-beta': 'assistants=v2',
          'idempotency-key': 'k1',
          authorization: 'Bearer sk-service',
          'x-api-key': 'sk-service',
          cookie: 'a=1',
        },
      }),
    );
    expect(sut.headers).toEqual({
      accept: 'application/octet-stream',
      'openai-beta': 'assistants=v2',
      'idempotency-key': 'k1',
    });
  });

  it('has no unread body to stream without a forwarding parser', () => {
    const sut = forwardedRequest(
      requestOf({ method: 'POST', headers: { 'content-length': '3' }, raw: Readable.from([]) }),
    );
    expect(sut.raw).toBeUndefined();
  });
});
