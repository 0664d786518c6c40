import { usageOf } from './gen-ai-usage';

describe(usageOf.name, () => {
  it('reads chat completion usage and model from a JSON body', () => {
    const body = { model: 'gpt-4o-mini-2024', usage: { prompt_tokens: 12, completion_tokens: 34, total_tokens: 46 } };

    const sut = usageOf(Buffer.from(JSON.stringify(body)), 'application/json');

    expect(sut).toEqual({ inputTokens: 12, outputTokens: 34, responseModel: 'gpt-4o-mini-2024' });
  });

  it("merges an Anthropic stream's input tokens (message_start) and output tokens (message_delta)", () => {
    const events = [
      { type: 'message_start', message: { model: 'claude-x', usage: { input_tokens: 7, output_tokens: 1 } } },
      { type: 'content_block_delta', delta: { text: 'hi' } },
      { type: 'message_delta', usage: { output_tokens: 9 } },
    ];
    const stream = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');

    const sut = usageOf(Buffer.from(stream), 'text/event-stream');

    expect(sut).toEqual({ inputTokens: 7, outputTokens: 9, responseModel: 'claude-x' });
  });

  it('finds nothing in bytes that are not JSON, nor in a stream without usage', () => {
    expect(usageOf(Buffer.from('{"truncated'), 'application/json')).toEqual({});
    expect(usageOf(Buffer.from('data: {"choices":[]}\n\ndata: [DONE]\n\n'), 'text/event-stream')).toEqual({});
  });
});
