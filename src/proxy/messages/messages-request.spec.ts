import { anthropicHeadersOf } from './messages-producer';
import { analyzeMessagesRequest, MessagesRequestBody, textOf } from './messages-request';

const limits = { maxTemperature: 1, semanticMaxTemperature: 0.7, cacheNonText: false, semanticMaxMessages: 3 };
const ask = (overrides: Partial<MessagesRequestBody> = {}): MessagesRequestBody => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'What is a cache?' }],
  ...overrides,
});
const analyze = (body: MessagesRequestBody, headers?: Parameters<typeof analyzeMessagesRequest>[2]) =>
  analyzeMessagesRequest(body, limits, headers);
const hint = { type: 'ephemeral' };

describe('analyzeMessagesRequest', () => {
  it('gives the same exact hash whatever the key order and the delivery-only fields', () => {
    const a = analyze(ask({ temperature: 0, stream: true, metadata: { user_id: 'u1' }, service_tier: 'auto' }));
    const b = analyze({
      temperature: 0,
      messages: [{ content: 'What is a cache?', role: 'user' }],
      max_tokens: 1024,
      model: 'claude-sonnet-4-5',
    });
    expect(a.exactHash).toBe(b.exactHash);
    expect(a.semanticContext).toBe(b.semanticContext);
  });

  it('leaves cache_control hints out of the key wherever Anthropic takes them', () => {
    const plain = ask({
      system: [{ type: 'text', text: 'Be brief.' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look it up' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: {} }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '42' }] }],
        },
      ],
    });
    const hinted = ask({
      cache_control: hint,
      system: [{ type: 'text', text: 'Be brief.', cache_control: hint }],
      tools: [{ name: 'lookup', input_schema: { type: 'object' }, cache_control: hint }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look it up', cache_control: hint }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: {}, cache_control: hint }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              cache_control: hint,
              content: [{ type: 'text', text: '42', cache_control: hint }],
            },
          ],
        },
      ],
    });
    expect(analyze(hinted)).toEqual(analyze(plain));
  });

  it('keys a field named cache_control that is content, such as a property of a tool input schema', () => {
    const schema = (properties: object) =>
      ask({ tools: [{ name: 'f', input_schema: { type: 'object', properties } }] });
    expect(analyze(schema({ cache_control: { type: 'string' } })).exactHash).not.toBe(analyze(schema({})).exactHash);
  });

  it.each([
    ['the model', { model: 'claude-haiku-4-5' }],
    ['max_tokens', { max_tokens: 10 }],
    ['the temperature', { temperature: 0.2 }],
    ['top_k', { top_k: 5 }],
    ['stop_sequences', { stop_sequences: ['END'] }],
    ['a system prompt', { system: 'Answer in French.' }],
    ['tools', { tools: [{ name: 'lookup', input_schema: { type: 'object' } }] }],
    ['tool_choice', { tool_choice: { type: 'any' } }],
    ['thinking', { thinking: { type: 'enabled', budget_tokens: 2048 } }],
  ])('changes the exact hash and the semantic context with %s', (_case, change) => {
    const base = analyze(ask());
    const changed = analyze(ask(change));
    expect(changed.exactHash).not.toBe(base.exactHash);
    expect(changed.semanticContext).not.toBe(base.semanticContext);
  });

  it('keys the API version and the beta features', () => {
    const base = analyze(ask(), { 'anthropic-version': '2023-06-01' });
    expect(analyze(ask(), { 'anthropic-version': '2023-01-01' }).exactHash).not.toBe(base.exactHash);
    expect(analyze(ask(), { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'b' }).semanticContext).not.toBe(
      base.semanticContext,
    );
  });

  it('keeps the semantic context when only the last user message changes, and compares its normalised text', () => {
    const base = analyze(ask());
    const reworded = analyze(
      ask({ messages: [{ role: 'user', content: [{ type: 'text', text: '  Explain   caching？ ' }] }] }),
    );
    expect(reworded.semanticContext).toBe(base.semanticContext);
    expect(reworded).toMatchObject({ question: 'Explain caching?', semanticAllowed: true, coalescable: true });
  });

  it('bypasses the cache for images and documents (unless cacheNonText), and above CACHE_MAX_TEMPERATURE', () => {
    const image = ask({
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'x' } }] }],
    });
    expect(analyze(image).bypass).toBe('non-text content');
    expect(analyzeMessagesRequest(image, { ...limits, cacheNonText: true })).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
    });
    expect(analyze(ask({ temperature: 1.5 }))).toMatchObject({
      bypass: 'temperature above CACHE_MAX_TEMPERATURE',
      coalescable: false,
    });
  });

  it('above SEMANTIC_MAX_TEMPERATURE, matches exactly only and never coalesces; an unset temperature counts as low', () => {
    expect(analyze(ask({ temperature: 0.9 }))).toMatchObject({
      bypass: undefined,
      semanticAllowed: false,
      coalescable: false,
    });
    expect(analyze(ask({ temperature: 0.7 })).semanticAllowed).toBe(true);
    expect(analyze(ask())).toMatchObject({ semanticAllowed: true, coalescable: true });
  });

  it('allows the semantic layer up to SEMANTIC_MAX_MESSAGES messages, the system prompt not counted', () => {
    const turns = (n: number) =>
      ask({
        system: 'Be brief.',
        messages: Array.from({ length: n }, (_, i) => ({
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: `turn ${i}`,
        })),
      });
    expect(analyze(turns(3)).semanticAllowed).toBe(true);
    expect(analyze(turns(5))).toMatchObject({ bypass: undefined, semanticAllowed: false, question: 'turn 4' });
  });

  it('never lets the semantic layer answer a conversation holding a tool result', () => {
    const toolLoop = ask({
      messages: [
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1', name: 'web_search', input: {} }] },
        { role: 'assistant', content: [{ type: 'web_search_tool_result', tool_use_id: 's1', content: [] }] },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(analyze(toolLoop)).toMatchObject({ bypass: undefined, semanticAllowed: false });
  });

  it('has no question when the last message is an assistant prefill or a tool result', () => {
    const prefill = ask({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'Hello' },
      ],
    });
    const result = ask({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }],
    });
    expect(analyze(prefill)).toMatchObject({ question: undefined, semanticAllowed: false });
    expect(analyze(result)).toMatchObject({ question: undefined, semanticAllowed: false });
  });
});

describe('textOf (messages)', () => {
  it('joins text blocks and refuses any other block', () => {
    expect(textOf('plain')).toBe('plain');
    expect(
      textOf([
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b', cache_control: hint },
      ]),
    ).toBe('a\nb');
    expect(textOf([{ type: 'text', text: 'a' }, { type: 'image' }])).toBeUndefined();
    expect(textOf(null)).toBeUndefined();
  });
});

describe(anthropicHeadersOf.name, () => {
  it('relays the API version (2023-06-01 by default) and the beta features, deduplicated and in one order', () => {
    expect(anthropicHeadersOf({})).toEqual({ 'anthropic-version': '2023-06-01' });
    expect(anthropicHeadersOf({ 'anthropic-version': '2024-01-01', 'anthropic-beta': 'b-2, a-1,b-2' })).toEqual({
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'a-1,b-2',
    });
  });
});
