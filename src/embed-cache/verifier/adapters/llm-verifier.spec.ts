import { Readable } from 'node:stream';
import { LlmService } from '../../../llm/llm.service';
import { UpstreamRequest } from '../../../llm/openai-upstream.port';
import { LlmVerifier } from './llm-verifier';

const candidate = { question: 'Explain caching', cachedQuestion: 'What is caching?', similarity: 0.9 };
const replying = (content: unknown) => () =>
  Promise.resolve({
    headers: {},
    body: Readable.from([Buffer.from(JSON.stringify({ choices: [{ message: { content } }] }))]),
  });

describe(LlmVerifier.name, () => {
  const make = (send: (request: UpstreamRequest) => Promise<unknown>, timeoutMs = 1000) => {
    const llm = { send: jest.fn(send) } as unknown as LlmService & { send: jest.Mock };
    return { llm, sut: new LlmVerifier(llm, { model: 'judge-mini', timeoutMs }) };
  };

  afterEach(() => jest.useRealTimers());

  it('asks the verify model in a few tokens and reads its yes as accepted', async () => {
    // Arrange
    const { llm, sut } = make(replying('yes'));

    // Act
    const verdict = await sut.verify(candidate);

    // Assert
    expect(verdict).toBe('accepted');
    const [request] = llm.send.mock.calls[0] as [UpstreamRequest];
    expect(request).toMatchObject({ method: 'POST', path: 'chat/completions', body: { model: 'judge-mini' } });
    expect(request.body!.max_tokens).toBeLessThanOrEqual(5);
  });

  it('reads a no as rejected, and a reply that is neither as an error', async () => {
    expect(await make(replying('no')).sut.verify(candidate)).toBe('rejected');
    expect(await make(replying('perhaps')).sut.verify(candidate)).toBe('error');
    expect(await make(replying(null)).sut.verify(candidate)).toBe('error');
  });

  it('resolves error when the upstream fails or answers something unreadable', async () => {
    expect(await make(() => Promise.reject(new Error('upstream down'))).sut.verify(candidate)).toBe('error');
    const garbage = () => Promise.resolve({ headers: {}, body: Readable.from([Buffer.from('<html>')]) });
    expect(await make(garbage).sut.verify(candidate)).toBe('error');
  });

  it('resolves error after VERIFY_TIMEOUT_MS and aborts the call', async () => {
    // Arrange
    jest.useFakeTimers();
    let signal: AbortSignal | undefined;
    const { sut } = make((request) => {
      signal = request.signal;
      return new Promise(() => undefined);
    }, 250);

    // Act
    const verdict = sut.verify(candidate);
    await jest.advanceTimersByTimeAsync(250);

    // Assert
    expect(await verdict).toBe('error');
    expect(signal?.aborted).toBe(true);
  });
});
