import { InvalidRequestError } from '../../common/errors/invalid-request.error';
import { HttpOpenAiUpstream } from './http-openai-upstream';

describe(HttpOpenAiUpstream.name, () => {
  // Port 9 (discard): a request that got past the check would fail to connect, not pass.
  const sut = new HttpOpenAiUpstream({ baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 1000 });
  afterAll(() => sut.onApplicationShutdown());

  it.each([
    '../secret',
    '%2e%2e/secret',
    '.%2E/secret',
    'files/../../secret',
    '/secret',
    '//evil.example/v1/x',
    'http://evil.example/v1/x',
  ])('refuses the path %s, which resolves outside the base URL', async (path) => {
    await expect(sut.send({ method: 'GET', path })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
