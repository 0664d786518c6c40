import { fakeResponse, FakeResponseSpec } from '../../../test/support/fake-responses';
import { responseAnswer } from './response-answer';

const spec: FakeResponseSpec = {
  id: 'r1',
  model: 'gpt-4o-mini',
  text: 'Hello',
  functionCalls: [],
  finishReason: 'stop',
  inputTokens: 2,
  pieces: ['Hello'],
};
const read = (body: unknown) => responseAnswer(Buffer.from(JSON.stringify(body)));
const message = (text: string) => ({
  type: 'message',
  id: 'm',
  content: [{ type: 'output_text', text, annotations: [] }],
});

describe('responseAnswer', () => {
  it('reads the message text past a reasoning item, with its id and usage', () => {
    expect(read(fakeResponse(spec))).toEqual({
      complete: true,
      error: false,
      refusal: false,
      answer: {
        answer: 'Hello',
        finishReason: 'stop',
        itemId: 'msg_r1',
        tokens: 5,
        usage: { prompt: 2, completion: 5, total: 7 },
      },
    });
  });

  it('reports a failed response as an error and one still queued as incomplete', () => {
    expect(read(fakeResponse({ ...spec, finishReason: 'failed' }))).toMatchObject({ error: true });
    expect(read({ ...fakeResponse(spec), status: 'queued', output: [] })).toEqual({
      complete: false,
      error: false,
      refusal: false,
    });
  });

  it.each([
    ['two messages', [message('a'), message('b')]],
    ['two text parts', [{ ...message('a'), content: [...message('a').content, ...message('b').content] }]],
    ['a hosted tool call', [message('a'), { type: 'file_search_call', id: 'fs', results: [] }]],
    ['no text nor call', [message('')]],
  ])('reads no answer from an output with %s', (_case, output) => {
    expect(read({ ...fakeResponse(spec), output }).answer).toBeUndefined();
  });

  it('reads a body that is not JSON as incomplete', () => {
    expect(responseAnswer(Buffer.from('{oops'))).toEqual({ complete: false });
  });
});
