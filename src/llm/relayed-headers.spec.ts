import { relayedHeaders } from './relayed-headers';

describe(relayedHeaders.name, () => {
  it('keeps what an OpenAI or Anthropic client reads and drops hop-by-hop, length and cache headers', () => {
    const kept = {
      'request-id': 'req_011',
      'anthropic-ratelimit-requests-remaining': '49',
      'content-type': 'text/event-stream',
      'content-encoding': 'gzip',
      'content-disposition': 'attachment; filename="batch.jsonl"',
      'x-request-id': 'req_1',
      'openai-processing-ms': '12',
      'x-ratelimit-remaining-tokens': '999',
      'retry-after': '2',
      'retry-after-ms': '2000',
      'x-should-retry': 'false',
    };
    const dropped = {
      'content-length': '120',
      'transfer-encoding': 'chunked',
      connection: 'keep-alive',
      'x-cache': 'HIT',
      'set-cookie': ['a=1', 'b=2'],
    };

    expect(relayedHeaders({ ...kept, ...dropped })).toEqual(kept);
  });

  it('joins a repeated header into one value', () => {
    expect(relayedHeaders({ 'openai-warning': ['a', 'b'] })).toEqual({ 'openai-warning': 'a, b' });
  });
});
